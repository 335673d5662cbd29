// Who is in the current space, as the WORLD frames say (docs/protocol.md): JOIN adds, LEAVE
// removes, MOVE feeds the avatar's interpolation buffer, a snapshot starts from nothing.
// Pure logic; the view reads `list()` each frame. The own avatar is listed too (for the people
// list) but its MOVE records are ignored: the local simulation owns that pose.

import { type Pose, type WorldFrame, dequantise } from '../net/protocol';
import { InterpolationBuffer, ServerClock, TICK_MS } from './interpolation';

export interface WorldAvatar {
  id: number;
  name: string;
  avatar: number;
  flags: number;
  isSelf: boolean;
  buffer: InterpolationBuffer;
  /** The pose drawn this frame (updated by `interpolate`). */
  pose: Pose;
  /** Local time (ms) when it joined, for a fade-in. */
  joinedAt: number;
}

export interface FrameChanges {
  joined: WorldAvatar[];
  left: WorldAvatar[];
  snapshot: boolean;
}

export class AvatarRegistry {
  private readonly avatars = new Map<number, WorldAvatar>();
  readonly clock = new ServerClock();
  selfId: number | null = null;
  /** Bumped whenever someone joins or leaves (the people list redraws when it changes). */
  version = 0;

  get size(): number {
    return this.avatars.size;
  }

  get(id: number): WorldAvatar | undefined {
    return this.avatars.get(id);
  }

  list(): IterableIterator<WorldAvatar> {
    return this.avatars.values();
  }

  clear(): void {
    if (this.avatars.size > 0) this.version++;
    this.avatars.clear();
    this.clock.reset();
  }

  applyFrame(frame: WorldFrame, localMs: number): FrameChanges {
    const changes: FrameChanges = { joined: [], left: [], snapshot: frame.snapshot };
    if (frame.snapshot) {
      for (const a of this.avatars.values()) changes.left.push(a);
      this.avatars.clear();
      this.clock.reset();
      this.version++;
    }
    this.clock.observe(frame.tick, localMs);
    const t = frame.tick * TICK_MS;
    for (const rec of frame.records) {
      switch (rec.kind) {
        case 'join': {
          const pose = dequantise(rec.transform);
          const existing = this.avatars.get(rec.id);
          const a: WorldAvatar = existing ?? {
            id: rec.id,
            name: rec.name,
            avatar: rec.avatar,
            flags: rec.flags,
            isSelf: rec.id === this.selfId,
            buffer: new InterpolationBuffer(),
            pose: { ...pose },
            joinedAt: localMs,
          };
          a.name = rec.name;
          a.avatar = rec.avatar;
          a.flags = rec.flags;
          a.buffer.reset(t, pose);
          this.avatars.set(rec.id, a);
          if (!existing) {
            changes.joined.push(a);
            // a snapshot lists everyone present: they were not "just joined"
            if (frame.snapshot) a.joinedAt = -Infinity;
          }
          this.version++;
          break;
        }
        case 'leave': {
          const a = this.avatars.get(rec.id);
          if (a) {
            this.avatars.delete(rec.id);
            changes.left.push(a);
            this.version++;
          }
          break;
        }
        case 'move': {
          const a = this.avatars.get(rec.id);
          if (a && !a.isSelf) a.buffer.push(t, dequantise(rec.transform));
          break;
        }
      }
    }
    if (frame.snapshot) {
      // whoever was there before and is there again did not really leave
      const ids = new Set(changes.joined.map((a) => a.id));
      changes.left = changes.left.filter((a) => !ids.has(a.id) && !this.avatars.has(a.id));
    }
    return changes;
  }

  /** Moves every remote avatar's `pose` to where it is drawn at local time `localMs`. */
  interpolate(localMs: number): void {
    const rt = this.clock.renderTime(localMs);
    for (const a of this.avatars.values()) {
      if (!a.isSelf) a.buffer.sample(rt, a.pose);
    }
  }
}
