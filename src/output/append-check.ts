/**
 * Before `record --append`: the existing file must be a balloontop recording
 * with the same fields as this build writes, and must not end in a torn line
 * (appending after it would bury the tear in the middle of the file).
 */
import { UserError } from '../errors';
import { currentFields, sameFields, type RecordingHeader } from '../sources/recording/format';
import { RecordingSource } from '../sources/recording/recording-source';

export interface AppendTarget {
  header: RecordingHeader;
  gzip: boolean;
  samples: number;
}

export async function checkAppendTarget(path: string): Promise<AppendTarget> {
  let src: RecordingSource;
  try {
    src = await RecordingSource.open(path, { allowEmpty: true });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`cannot append: ${err.message}`);
    throw err;
  }
  try {
    if (!sameFields(src.header.fields, currentFields())) {
      throw new UserError(`cannot append: ${path} was recorded with other fields (another balloontop version); record to a new file`);
    }
    let samples = 0;
    while (await src.next()) samples++;
    if (src.tornLine !== null) {
      throw new UserError(`cannot append: ${path}:${src.tornLine}: the last line is torn; copy the good samples to a new file (balloontop record replay ${path} -o NEW) and append to that`);
    }
    return { header: src.header, gzip: src.gzip, samples };
  } finally {
    await src.close();
  }
}
