// Synthetic group photos for group mode: single-face portraits shrunk until each face is a given width and laid
// out in a grid on one canvas, with where each face went, so recall and stray detections can be counted.
import { type Face, type Pipeline, type Point, type RgbImage, subjectFaceIndex } from '@visor/vision';
import sharp from 'sharp';

export interface PlacedFace {
  /** Centre of the portrait's face box on the canvas. */
  centre: Point;
  file: string;
}

export interface GroupPhoto {
  image: RgbImage;
  placed: PlacedFace[];
  faceWidth: number;
}

export interface ComposeOptions {
  /** Width of each face's detector box on the canvas, in pixels. */
  faceWidth: number;
  width: number;
  height: number;
  /** Canvas colour; default a neutral grey. */
  background?: { r: number; g: number; b: number };
}

/** The square around a face that is pasted: 2.5 face widths, so hair, ears and some background come along. */
const CONTEXT = 2.5;

/**
 * Detects the subject's face in each portrait (`mode: 'auto'`, subjectFaceIndex), cuts a square of CONTEXT face
 * widths around it, scales it so the face is `faceWidth` wide and places it in the next grid cell; stops when the
 * canvas or the portraits run out. A portrait without a face is an error: the caller chose portraits.
 * Portraits cropped tight to the face (nothing around it to cut) make poor material: BlazeFace scores a face
 * without hair, ears or neck lower, so such a frame measures the crop rather than the detector.
 */
export async function composeGroupPhoto(
  pipeline: Pick<Pipeline, 'decode' | 'detect'>,
  portraits: { file: string; bytes: Uint8Array }[],
  options: ComposeOptions,
): Promise<GroupPhoto> {
  const cell = Math.ceil(options.faceWidth * CONTEXT) + 8;
  const cols = Math.floor(options.width / cell);
  const rows = Math.floor(options.height / cell);
  const composites: sharp.OverlayOptions[] = [];
  const placed: PlacedFace[] = [];
  for (const portrait of portraits) {
    if (placed.length === cols * rows) break;
    const decoded = await pipeline.decode(portrait.bytes);
    if (!decoded.ok) throw new Error(`${portrait.file}: ${decoded.message}`);
    const image = decoded.value;
    const faces = await pipeline.detect(image, { mode: 'auto' });
    if (faces.length === 0) throw new Error(`${portrait.file}: no face to place`);
    const face = faces[subjectFaceIndex(faces, image.width, image.height)] as Face;
    const scale = options.faceWidth / face.box.width;
    const cx = face.box.x + face.box.width / 2;
    const cy = face.box.y + face.box.height / 2;
    const half = (face.box.width * CONTEXT) / 2;
    const left = Math.max(0, Math.round(cx - half));
    const top = Math.max(0, Math.round(cy - half));
    const width = Math.min(image.width - left, Math.round(2 * half));
    const height = Math.min(image.height - top, Math.round(2 * half));
    const tile = await sharp(Buffer.from(image.data), {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .extract({ left, top, width, height })
      .resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)))
      .png()
      .toBuffer();
    const i = placed.length;
    const x = (i % cols) * cell + 4;
    const y = Math.floor(i / cols) * cell + 4;
    composites.push({ input: tile, left: x, top: y });
    placed.push({ centre: { x: x + (cx - left) * scale, y: y + (cy - top) * scale }, file: portrait.file });
  }
  const background = options.background ?? { r: 96, g: 104, b: 112 };
  const { data, info } = await sharp({
    create: { width: options.width, height: options.height, channels: 3, background },
  })
    .composite(composites)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`composed ${info.channels} channels, expected RGB`);
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height },
    placed,
    faceWidth: options.faceWidth,
  };
}

/**
 * Placed faces with a detection centred within a third of a face width of theirs, and detections near none (the
 * portraits' own bystanders, or false detections).
 */
export function countFound(photo: GroupPhoto, faces: readonly Face[]): { found: number; extra: number } {
  const near = (f: Face, p: PlacedFace) =>
    Math.hypot(f.box.x + f.box.width / 2 - p.centre.x, f.box.y + f.box.height / 2 - p.centre.y) < photo.faceWidth / 3;
  return {
    found: photo.placed.filter((p) => faces.some((f) => near(f, p))).length,
    extra: faces.filter((f) => !photo.placed.some((p) => near(f, p))).length,
  };
}
