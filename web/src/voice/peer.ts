// The parts of WebRTC the voice session uses, as small interfaces (the browser's
// RTCPeerConnection fits them; tests use hand-written fakes), and two helpers of the
// non-trickle ICE the server and Janus speak (docs/voice.md): wait for ICE gathering to finish
// (at most 3 s) before an SDP is sent, and tell a renegotiation from a new Janus session.

/** One transceiver, as far as the session reads it. */
export interface TransceiverLike {
  readonly mid: string | null;
  readonly receiver: { readonly track: MediaStreamTrack };
}

/** An RTCPeerConnection as the voice session uses it. */
export interface PeerLike {
  readonly iceGatheringState: RTCIceGatheringState;
  readonly signalingState: RTCSignalingState;
  readonly localDescription: { readonly type: RTCSdpType; readonly sdp: string } | null;
  addEventListener(type: 'icegatheringstatechange', listener: () => void): void;
  removeEventListener(type: 'icegatheringstatechange', listener: () => void): void;
  addTransceiver(track: MediaStreamTrack, init: RTCRtpTransceiverInit): unknown;
  getTransceivers(): readonly TransceiverLike[];
  createOffer(): Promise<RTCSessionDescriptionInit>;
  createAnswer(): Promise<RTCSessionDescriptionInit>;
  setLocalDescription(d: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void>;
  getStats(): Promise<RTCStatsReport>;
  close(): void;
}

/** ICE gathering is given this long before the SDP goes out with what it has (ms). */
export const ICE_GATHER_TIMEOUT_MS = 3000;

/**
 * Resolves when `pc` finished gathering ICE candidates, or after `timeoutMs` (then the SDP
 * carries the candidates found so far). Resolves to whether gathering completed.
 */
export function waitForIceGathering(pc: PeerLike, timeoutMs = ICE_GATHER_TIMEOUT_MS): Promise<boolean> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (complete: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve(complete);
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done(true);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/**
 * The session id of an SDP's origin line (`o=- <id> <version> IN IP4 …`), or null. Janus keeps
 * it across renegotiations of one handle; a different id means a new handle (e.g. after Janus
 * restarted), whose offer needs a fresh peer connection.
 */
export function sdpSessionId(sdp: string): string | null {
  const m = /^o=\S+ (\S+) /m.exec(sdp);
  return m ? (m[1] ?? null) : null;
}
