import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyGuestValues } from '../../src/fields/guest-fields';
import { explainGuest } from '../../src/guest/meaning';
import type { GuestSection } from '../../src/sample/guest';

function section(values: Partial<GuestSection['values']>, more: Partial<GuestSection> = {}): GuestSection {
  return { driver: 'vmw_balloon', driverStatus: 'active', balloonState: 'steady', hypervisor: 'VMware', values: { ...emptyGuestValues(), ...values }, missing: {}, from: {}, oomKills: [], ...more };
}

test('a VMware balloon looks used to free and top', () => {
  const lines = explainGuest(section({ balloonMB: 2048, targetMB: 3072, memTotalMB: 8192, guestMemoryMB: 8192 }, { balloonState: 'inflating' }));
  assert.deepEqual(lines, [
    '2,048 MB held by the balloon look used to free and top; they have been handed back to the host.',
    'The host asks for 3,072 MB: the balloon is inflating, taking 1,024 MB more from the guest.',
  ]);
});

test('a balloon taken out of MemTotal (hv_balloon, virtio without deflate-on-OOM) says what the guest sees', () => {
  const lines = explainGuest(section({ balloonMB: 2048, memTotalMB: 6144, guestMemoryMB: 8192 }, { driver: 'hv_balloon' }));
  assert.deepEqual(lines, ['2,048 MB held by the balloon are taken out of MemTotal: the guest sees 6,144 MB of its 8,192 MB; they have been handed back to the host.']);
});

test('empty balloon, limit, reservation, host swap, a driver that is not loaded; nothing said about what is missing', () => {
  assert.deepEqual(explainGuest(section({ balloonMB: 0, limitMB: 4096, reservationMB: 1024, hostSwappedMB: 512 })), [
    'The balloon is empty: the host is not taking memory from this guest.',
    'The host limits this VM to 4,096 MB.',
    '1,024 MB are reserved for this VM: the host never reclaims them.',
    'The host has swapped out 512 MB of this VM: invisible inside, slow when touched.',
  ]);
  assert.deepEqual(explainGuest(section({ limitMB: -1 }, { driverStatus: 'not loaded', balloonState: null })), [
    'The vmw_balloon driver is not loaded: the host cannot balloon this guest, so under pressure it has to use other means (on VMware: compression and swap).',
  ]);
  assert.deepEqual(explainGuest(section({}, { driver: null, driverStatus: null, balloonState: null })), []);
});
