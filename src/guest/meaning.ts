/**
 * What a guest's numbers mean, in sentences for the guest page: where the
 * balloon's memory went and how the guest's own tools show it. Descriptive
 * only; judging a situation (a limit below the guest's memory, a balloon near
 * its cap, an OOM kill during inflation) is the diagnosis' job.
 */
import type { GuestSection } from '../sample/guest';

function mb(v: number): string {
  return `${Math.round(v).toLocaleString('en-US')} MB`;
}

/** Whether the driver takes the balloon out of MemTotal (rather than leaving it counted as used). */
function takenFromMemTotal(g: GuestSection): boolean {
  const { guestMemoryMB, memTotalMB } = g.values;
  return guestMemoryMB !== null && memTotalMB !== null && guestMemoryMB > memTotalMB;
}

export function explainGuest(g: GuestSection): string[] {
  const lines: string[] = [];
  const v = g.values;
  if (v.balloonMB !== null) {
    if (v.balloonMB === 0) lines.push('The balloon is empty: the host is not taking memory from this guest.');
    else if (takenFromMemTotal(g)) {
      lines.push(`${mb(v.balloonMB)} held by the balloon are taken out of MemTotal: the guest sees ${mb(v.memTotalMB as number)} of its ${mb(v.guestMemoryMB as number)}; they have been handed back to the host.`);
    } else {
      lines.push(`${mb(v.balloonMB)} held by the balloon look used to free and top; they have been handed back to the host.`);
    }
  }
  if (v.targetMB !== null && v.balloonMB !== null) {
    if (g.balloonState === 'inflating') lines.push(`The host asks for ${mb(v.targetMB)}: the balloon is inflating, taking ${mb(v.targetMB - v.balloonMB)} more from the guest.`);
    else if (g.balloonState === 'deflating') lines.push(`The host asks for ${mb(v.targetMB)}: the balloon is deflating, giving ${mb(v.balloonMB - v.targetMB)} back to the guest.`);
  }
  if (g.balloonState === 'resetting') lines.push('The balloon driver is resetting its connection with the host: the balloon was let go and will inflate again if the host asks.');
  if (g.driverStatus === 'not loaded' && g.driver) lines.push(`The ${g.driver} driver is not loaded: the host cannot balloon this guest, so under pressure it has to use other means (on VMware: compression and swap).`);
  if (v.limitMB !== null && v.limitMB >= 0) lines.push(`The host limits this VM to ${mb(v.limitMB)}.`);
  if (v.reservationMB !== null && v.reservationMB > 0) lines.push(`${mb(v.reservationMB)} are reserved for this VM: the host never reclaims them.`);
  if (v.hostSwappedMB !== null && v.hostSwappedMB > 0) lines.push(`The host has swapped out ${mb(v.hostSwappedMB)} of this VM: invisible inside, slow when touched.`);
  return lines;
}
