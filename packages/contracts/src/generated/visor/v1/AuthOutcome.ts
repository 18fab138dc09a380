// Original file: proto/visor/v1/events.proto

/**
 * Result of an authentication attempt.
 */
export const AuthOutcome = {
  AUTH_OUTCOME_UNSPECIFIED: 'AUTH_OUTCOME_UNSPECIFIED',
  /**
   * Score reached the threshold.
   */
  AUTH_OUTCOME_MATCH: 'AUTH_OUTCOME_MATCH',
  AUTH_OUTCOME_NO_MATCH: 'AUTH_OUTCOME_NO_MATCH',
  /**
   * The probe image had no usable face (none, several, or low quality).
   */
  AUTH_OUTCOME_REJECTED_INPUT: 'AUTH_OUTCOME_REJECTED_INPUT',
  /**
   * The attempt failed for a server-side reason; it says nothing about the person.
   */
  AUTH_OUTCOME_ERROR: 'AUTH_OUTCOME_ERROR',
} as const;

/**
 * Result of an authentication attempt.
 */
export type AuthOutcome =
  | 'AUTH_OUTCOME_UNSPECIFIED'
  | 0
  /**
   * Score reached the threshold.
   */
  | 'AUTH_OUTCOME_MATCH'
  | 1
  | 'AUTH_OUTCOME_NO_MATCH'
  | 2
  /**
   * The probe image had no usable face (none, several, or low quality).
   */
  | 'AUTH_OUTCOME_REJECTED_INPUT'
  | 3
  /**
   * The attempt failed for a server-side reason; it says nothing about the person.
   */
  | 'AUTH_OUTCOME_ERROR'
  | 4

/**
 * Result of an authentication attempt.
 */
export type AuthOutcome__Output = typeof AuthOutcome[keyof typeof AuthOutcome]
