/** Every key of the dashboard, for the help screen (and the README). The key map implements them. */
export interface KeyHelp {
  keys: string;
  what: string;
}

export interface KeySection {
  title: string;
  keys: KeyHelp[];
}

export const KEY_SECTIONS: readonly KeySection[] = [
  {
    title: 'esxtop keys (memory page)',
    keys: [
      { keys: 'm', what: 'memory page (the only page balloontop has; accepted as in esxtop)' },
      { keys: 'f F', what: 'field panel: type a field letter to show/hide it, any other key returns' },
      { keys: 'o O', what: 'order panel: upper-case letter moves a field left, lower-case right, any other key returns' },
      { keys: 'M', what: 'sort by MEMSZ (largest first)' },
      { keys: 'B', what: 'sort by MCTLSZ, the balloon size (largest first)' },
      { keys: 'N', what: 'sort by GID' },
      { keys: '< >', what: 'sort by the shown column left/right of the current sort column' },
      { keys: 'R', what: 'reverse the sort order' },
      { keys: 'V', what: 'show only virtual machines / all groups' },
      { keys: '#', what: 'number of rows to show (empty = all)' },
      { keys: 's', what: 'delay between updates in seconds (at least 2; realtime sources)' },
      { keys: 'space', what: 'refresh now' },
      { keys: '2 8  Down Up', what: 'move the highlight down / up (PgDn PgUp by a page)' },
      { keys: 'W', what: 'write the configuration to an esxtop rc file (esxtop reads it back)' },
      { keys: 'h ?', what: 'this help (arrows scroll, any other key returns)' },
      { keys: 'q  Ctrl-C', what: 'quit' },
    ],
  },
  {
    title: 'graph (history up to the current sample)',
    keys: [
      { keys: 'g', what: 'graph of the host: free memory against the state boundaries, balloon, swap, compression, swap rates (g again or Esc: the table)' },
      { keys: 'z', what: 'host graph: zoom the free-memory chart to the state boundaries (up to 400% of minFree) / the whole range' },
      { keys: 'G  Enter', what: 'graph of the highlighted group: MCTLSZ, MCTLTGT, MCTLMAX, SWCUR, SWR/s, SWW/s (Up/Down: another group)' },
      { keys: '', what: 'the timeline keys work in the graph: pausing, stepping or jumping moves its end' },
    ],
  },
  {
    title: 'timeline (replay, simulation, and live history)',
    keys: [
      { keys: 'p', what: 'pause / resume (live: freeze the view; resume goes back to LIVE)' },
      { keys: 't T', what: 'next / previous sample' },
      { keys: 'J', what: 'jump to a time: 10:49:17, 04/24/2018 10:49:17, +5m, -30s (UTC, like the capture)' },
      { keys: 'Home End', what: 'first / last sample' },
      { keys: '+ -', what: 'replay faster / slower (x2, /2)' },
      { keys: 'r', what: 'record every new sample to a balloontop recording (asks for the file; r again stops)' },
      { keys: 'Esc', what: 'clear the message line, cancel a prompt' },
    ],
  },
];

/** esxtop keys that open pages balloontop does not have, with what they are in esxtop. */
export const ESXTOP_OTHER_PANELS: Readonly<Record<string, string>> = {
  c: 'CPU',
  d: 'disk adapter',
  u: 'disk device',
  v: 'disk VM',
  n: 'network',
  i: 'interrupt',
  x: 'vSAN',
};

/** esxtop keys of the memory page that cannot work on balloontop's data. */
export const ESXTOP_UNSUPPORTED: Readonly<Record<string, string>> = {
  e: 'expanding a group into its worlds needs per-world data that captures and the vSphere API do not have',
  l: 'limiting the display to one group is not available: use V (VMs only) or # (rows)',
  L: 'the NAME width comes from the field registry',
  k: 'balloontop never kills worlds',
  E: 'expanding groups is not available',
};
