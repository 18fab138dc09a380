// Original file: proto/visor/v1/events.proto

/**
 * Why a security alert was raised.
 */
export const SecurityAlertReason = {
  SECURITY_ALERT_REASON_UNSPECIFIED: 'SECURITY_ALERT_REASON_UNSPECIFIED',
  /**
   * Too many failed attempts against one subject or from one client within the configured window.
   */
  SECURITY_ALERT_REASON_REPEATED_FAILURES: 'SECURITY_ALERT_REASON_REPEATED_FAILURES',
  /**
   * A face enrolled for one subject matches another subject of the same tenant above the threshold.
   */
  SECURITY_ALERT_REASON_DUPLICATE_IDENTITY: 'SECURITY_ALERT_REASON_DUPLICATE_IDENTITY',
  /**
   * A presentation attack (photo of a photo, screen replay) is suspected.
   */
  SECURITY_ALERT_REASON_SPOOF_SUSPECTED: 'SECURITY_ALERT_REASON_SPOOF_SUSPECTED',
} as const;

/**
 * Why a security alert was raised.
 */
export type SecurityAlertReason =
  | 'SECURITY_ALERT_REASON_UNSPECIFIED'
  | 0
  /**
   * Too many failed attempts against one subject or from one client within the configured window.
   */
  | 'SECURITY_ALERT_REASON_REPEATED_FAILURES'
  | 1
  /**
   * A face enrolled for one subject matches another subject of the same tenant above the threshold.
   */
  | 'SECURITY_ALERT_REASON_DUPLICATE_IDENTITY'
  | 2
  /**
   * A presentation attack (photo of a photo, screen replay) is suspected.
   */
  | 'SECURITY_ALERT_REASON_SPOOF_SUSPECTED'
  | 3

/**
 * Why a security alert was raised.
 */
export type SecurityAlertReason__Output = typeof SecurityAlertReason[keyof typeof SecurityAlertReason]
