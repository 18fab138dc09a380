// Which detected face a photo of one person is about.
//
// Detection orders faces largest first, but "largest" is a coin toss when a bystander's face is about as large as
// the subject's: in 20 of the 390 lfw-dev images with more than one face, the largest was an off-centre bystander
// (Holly_Hunter_0007: faces of 108 px at the edge and in the centre). Portraits centre their subject, so the rule that FaceNet's
// align_dataset_mtcnn and InsightFace's detectors use to pick the one face of a photo weighs the box area against
// the squared distance of the box centre from the image centre: area − 2 · offset². The constant is theirs, not
// fitted on Visor's data.
import type { Box } from './blazeface.ts';

/** Weight of the squared centre offset against the box area (FaceNet / InsightFace). */
export const SUBJECT_CENTRE_WEIGHT = 2;

/** How strongly a face claims to be the photo's subject: larger and nearer the centre is stronger. */
export function subjectScore(box: Box, width: number, height: number): number {
  const dx = box.x + box.width / 2 - width / 2;
  const dy = box.y + box.height / 2 - height / 2;
  return box.width * box.height - SUBJECT_CENTRE_WEIGHT * (dx * dx + dy * dy);
}

/** Index of the subject among `faces` (the first of equals), or -1 when there is none. */
export function subjectFaceIndex(faces: readonly { box: Box }[], width: number, height: number): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [i, f] of faces.entries()) {
    const s = subjectScore(f.box, width, height);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}
