// Original file: proto/visor/v1/events.proto

/**
 * Whether an authentication attempt was a 1:1 verification or a 1:N identification.
 */
export const AuthKind = {
  AUTH_KIND_UNSPECIFIED: 'AUTH_KIND_UNSPECIFIED',
  AUTH_KIND_VERIFY: 'AUTH_KIND_VERIFY',
  AUTH_KIND_IDENTIFY: 'AUTH_KIND_IDENTIFY',
} as const;

/**
 * Whether an authentication attempt was a 1:1 verification or a 1:N identification.
 */
export type AuthKind =
  | 'AUTH_KIND_UNSPECIFIED'
  | 0
  | 'AUTH_KIND_VERIFY'
  | 1
  | 'AUTH_KIND_IDENTIFY'
  | 2

/**
 * Whether an authentication attempt was a 1:1 verification or a 1:N identification.
 */
export type AuthKind__Output = typeof AuthKind[keyof typeof AuthKind]
