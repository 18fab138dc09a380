// Visor web UI: plain ES module, no build step. Talks to the same REST API as any client, with the pasted key.
const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem('visor.apiKey') ?? '';
let stream;
let nextCursor = null;

async function api(method, path, body) {
  const init = { method, headers: { authorization: `Bearer ${apiKey}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? `HTTP ${res.status}`);
    err.code = data?.error?.code ?? 'http_error';
    err.details = data?.error?.details;
    throw err;
  }
  return data;
}

function show(el, value, ok) {
  el.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  el.className = `result ${ok ? 'ok' : 'bad'}`;
  el.setAttribute('aria-busy', 'false');
}

/** While a request runs, so an old result is never mistaken for the answer to the new one. */
function pending(el) {
  el.textContent = 'Working…';
  el.className = 'result';
  el.setAttribute('aria-busy', 'true');
}

function showError(el, err) {
  show(el, `${err.code}: ${err.message}${err.details ? `\n${JSON.stringify(err.details, null, 2)}` : ''}`, false);
}

async function snapshot() {
  const video = $('camera');
  if (!stream) throw Object.assign(new Error('start the camera first'), { code: 'camera' });
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
}

/** The images of a form: its file input(s), or one webcam snapshot. */
async function imagesOf(form, input) {
  if (form.elements.useCamera.checked) return [await snapshot()];
  const files = [...form.elements[input].files];
  if (files.length === 0) throw Object.assign(new Error('choose a photo or use the camera'), { code: 'input' });
  return files;
}

$('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  apiKey = $('api-key').value.trim();
  sessionStorage.setItem('visor.apiKey', apiKey);
  await refreshSubjects();
});

$('camera-start').addEventListener('click', async () => {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: false });
    $('camera').srcObject = stream;
    $('camera').hidden = false;
    $('camera-start').disabled = true;
    $('camera-stop').disabled = false;
  } catch (err) {
    alert(`camera unavailable: ${err.message}`);
  }
});

$('camera-stop').addEventListener('click', () => {
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = undefined;
  $('camera').hidden = true;
  $('camera-start').disabled = false;
  $('camera-stop').disabled = true;
});

$('enrol-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const out = $('enrol-result');
  pending(out);
  try {
    const images = await imagesOf(form, 'photos');
    const subject = await api('POST', '/v1/subjects', {
      externalId: form.elements.externalId.value,
      displayName: form.elements.displayName.value || undefined,
    });
    const body = new FormData();
    for (const image of images) body.append('image', image, image.name ?? 'snapshot.jpg');
    try {
      const result = await api('POST', `/v1/subjects/${subject.id}/faces`, body);
      const summary = `Enrolled ${subject.externalId} with ${result.faces.length} face(s).`;
      show(out, `${summary}\n${JSON.stringify({ id: subject.id, ...result }, null, 2)}`, true);
    } catch (err) {
      // No usable face: do not leave an empty subject behind.
      await api('DELETE', `/v1/subjects/${subject.id}`).catch(() => {});
      throw err;
    }
    await refreshSubjects();
  } catch (err) {
    showError(out, err);
  }
});

$('verify-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const out = $('verify-result');
  pending(out);
  try {
    const [image] = await imagesOf(form, 'photo');
    const body = new FormData();
    body.append('subjectId', form.elements.subjectId.value);
    body.append('image', image, image.name ?? 'snapshot.jpg');
    const result = await api('POST', '/v1/verify', body);
    show(
      out,
      `${result.match ? 'MATCH' : 'NO MATCH'} (score ${result.score}, threshold ${result.threshold})`,
      result.match,
    );
  } catch (err) {
    showError(out, err);
  }
});

$('identify-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const out = $('identify-result');
  pending(out);
  try {
    const [image] = await imagesOf(form, 'photo');
    const body = new FormData();
    body.append('image', image, image.name ?? 'snapshot.jpg');
    const result = await api('POST', '/v1/identify', body);
    await drawFaces(image, result.faces);
    const lines = result.faces.map((face, i) => {
      const best = face.candidates[0];
      return `face ${i + 1}: ${best ? `${best.externalId} (${best.score})` : unknownLabel(face)}`;
    });
    const found = result.faces.length === 0 ? 'No face found.' : `${result.faces.length} face(s) found.`;
    show(out, [found, ...lines].join('\n'), true);
  } catch (err) {
    showError(out, err);
  }
});

async function drawFaces(blob, faces) {
  const bitmap = await createImageBitmap(blob);
  const canvas = $('identify-canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  ctx.lineWidth = Math.max(2, bitmap.width / 400);
  ctx.font = `${Math.max(14, bitmap.width / 50)}px system-ui`;
  for (const face of faces) {
    const best = face.candidates[0];
    ctx.strokeStyle = best ? '#2a9d4b' : '#b03a2a';
    ctx.fillStyle = ctx.strokeStyle;
    ctx.strokeRect(face.box.x, face.box.y, face.box.width, face.box.height);
    ctx.fillText(best ? best.externalId : unknownLabel(face), face.box.x, Math.max(16, face.box.y - 6));
  }
  canvas.hidden = false;
}

/** A face without candidates: nobody scored above the threshold, or it was too small to search. */
function unknownLabel(face) {
  return face.reason === 'face_too_small' ? 'too small' : 'unknown';
}

function subjectRow(subject) {
  const tr = document.createElement('tr');
  for (const text of [subject.externalId, subject.displayName, String(subject.faceCount)]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  const td = document.createElement('td');
  const del = document.createElement('button');
  del.textContent = 'Delete';
  del.className = 'danger';
  del.setAttribute('aria-label', `Delete ${subject.externalId}`);
  del.addEventListener('click', async () => {
    if (!confirm(`Delete ${subject.externalId}, its faces and images?`)) return;
    await api('DELETE', `/v1/subjects/${subject.id}`).catch((err) => alert(err.message));
    await refreshSubjects();
  });
  td.append(del);
  tr.append(td);
  return tr;
}

async function loadPage(cursor) {
  const query = new URLSearchParams({ limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const page = await api('GET', `/v1/subjects?${query}`);
  for (const subject of page.subjects) {
    $('subjects').append(subjectRow(subject));
    const option = document.createElement('option');
    option.value = subject.id;
    option.textContent = subject.displayName ? `${subject.externalId} — ${subject.displayName}` : subject.externalId;
    $('verify-subject').append(option);
  }
  nextCursor = page.nextCursor;
  $('more').hidden = !nextCursor;
}

async function refreshSubjects() {
  const status = $('key-status');
  $('subjects').replaceChildren();
  $('verify-subject').replaceChildren();
  // Without a key every call would be refused, and refusals count against this address's failed-auth budget.
  if (!apiKey) {
    status.textContent = 'Paste an API key to start.';
    return;
  }
  status.setAttribute('aria-busy', 'true');
  try {
    await loadPage(null);
    status.textContent = 'Key accepted.';
  } catch (err) {
    status.textContent = `${err.code}: ${err.message}`;
  } finally {
    status.setAttribute('aria-busy', 'false');
  }
}

$('refresh').addEventListener('click', refreshSubjects);
$('more').addEventListener('click', () => loadPage(nextCursor).catch((err) => alert(err.message)));
$('api-key').value = apiKey;
refreshSubjects();
