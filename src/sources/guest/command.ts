/** `balloontop guest [--root DIR]`: the balloon seen from inside a Linux guest, live or from files collected from one. */
import { stringOption } from '../../config/command-line';
import type { SourceCommandSpec } from '../source-command';
import { UserError } from '../../errors';
import { GuestRoot } from './guest-root';
import { GuestSource } from './guest-source';

export const spec: SourceCommandSpec = {
  name: 'guest',
  summary: 'the balloon seen from inside this Linux guest (or from files collected from one, --root DIR)',
  usage: 'guest [--root DIR] [-b|--json] [-n N] [-d S]',
  options: [{ name: 'root', value: true, valueName: 'DIR', help: 'read DIR laid out like / (DIR/proc/meminfo, DIR/sys/kernel/debug/vmmemctl, a saved dmesg, ...) instead of this guest' }],
  helpNote:
    'Live, run it as root: the balloon driver\'s statistics are in debugfs (/sys/kernel/debug/vmmemctl) and the kernel log may need root too. ' +
    'Whatever cannot be read is shown as missing with the reason. Under --root, saved vmware-toolbox-cmd output is read from DIR/vmware-toolbox-cmd/stat-balloon.txt (and stat-swap, stat-memlimit, stat-memres).',
  async open(args) {
    if (args.positional.length > 0) throw new UserError(`guest: unexpected argument '${args.positional[0]}' (use --root DIR to read collected files)`);
    const dir = stringOption(args, 'root');
    return new GuestSource(dir === undefined ? GuestRoot.live() : GuestRoot.at(dir));
  },
};
