// Calls `onFailure` in a step once per failed submit (and on mount if the server sent the user back here after one).
import { useEffect, useRef } from 'react';
import type { ApiError } from '../../api';
import type { RegistrationFlowState } from './useRegistrationFlow';

export function useStepFailure(reg: RegistrationFlowState, onFailure: (error: ApiError | null) => void): void {
  const seen = useRef<number | null>(null);
  useEffect(() => {
    if (seen.current === reg.failures) return;
    const mounting = seen.current === null;
    seen.current = reg.failures;
    if (mounting && reg.failures === 0) return;
    onFailure(reg.stepError);
  });
}
