/**
 * Which finding tells most about a group (or the host), for a one-line
 * summary: what can be acted on and explains the most, first. A cause that
 * is doing harm now outranks the same cause waiting for pressure.
 */
import type { FindingFacts } from './finding';

export function priority(f: FindingFacts): number {
  switch (f.code) {
    case 'no-balloon-driver':
      return f.variant === 'latent' ? 40 : f.variant === 'exposed' ? 95 : 100;
    case 'balloon-disabled':
      return f.variant === 'latent' ? 38 : f.variant === 'exposed' ? 93 : 98;
    case 'limit':
      return f.variant === 'reclaiming' ? 90 : 20;
    case 'balloon-max':
      return 85;
    case 'host-pressure':
      return 80;
    case 'unexplained-balloon':
      return 70;
    case 'residual-balloon':
      return 60;
    case 'hypervisor-swap':
      return 50;
    case 'compression':
      return 45;
    case 'ballooning':
      return 42;
    case 'reservation':
      return f.variant === 'full' ? 30 : 25;
    case 'guest-oom-balloon':
      return f.inferred ? 88 : 97;
    case 'guest-limit':
      return f.variant === 'reclaiming' ? 90 : 20;
    case 'guest-balloon-max':
      return 85;
    case 'guest-ballooning':
      return 42;
  }
}

/** Sort order: higher priority first, then the heavier. */
export function byPriority(a: FindingFacts, b: FindingFacts): number {
  return priority(b) - priority(a) || b.weight - a.weight;
}
