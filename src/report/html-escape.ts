/** Text from the data made safe inside HTML text and attribute values (quoted). */
import { safeText } from '../text/safe-text';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return safeText(text).replace(/[&<>"']/g, (c) => ENTITY[c]);
}
