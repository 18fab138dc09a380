# One image for every Visor service; the Helm chart picks the entry point (node services/<name>/src/main.ts).
FROM node:24-bookworm-slim AS build
ENV ONNXRUNTIME_NODE_INSTALL=skip
WORKDIR /app
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
COPY . .
RUN pnpm install --frozen-lockfile && node packages/cli/src/main.ts models build

FROM node:24-bookworm-slim
# MALLOC_ARENA_MAX: as SERVICE_PROCESS_ENV in packages/testkit/src/env.ts (why: there); glibc reads it at start.
ENV NODE_ENV=production VISOR_MODELS_DIR=/app/models/build MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app /app
USER 10001
