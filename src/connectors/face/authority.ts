/**
 * The face authority (issue 13): `compare(name, idNumber, frame)` → how alike the frame is to the
 * portrait the authority holds for that identity ('建模照片'), as the public-security portrait
 * comparison services answer. Sandbox (./sandbox.ts, the local model against built-in portraits)
 * or the signed HTTP bridge (./http.ts), picked like the real-name authorities (./index.ts).
 */

export interface FaceComparison {
  /** 0..1; 0 when the authority holds no portrait for this name and ID number (the same answer as a stranger's face). */
  similarity: number;
  /** Who answered, e.g. `sandbox:face` or the bridge's provider name. */
  source: string;
  /** The authority's transaction reference, for the evidence record and disputes. */
  reference?: string;
}

export interface FaceAuthority {
  /** Throws nothing for an unknown identity (similarity 0); a failure to get an answer throws (the flow answers 503). */
  compare(name: string, idNumber: string, frame: Uint8Array): Promise<FaceComparison>;
}
