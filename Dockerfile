# syntax=docker/dockerfile:1
# Spinel controller image: build with the full toolchain, run with production dependencies only.
#   docker build -t spinel .
#   docker run -e DATABASE_URL=postgres://… -e SPINEL_ADMIN_TOKEN=… -p 8080:8080 spinel
# Without DATABASE_URL the controller runs its embedded PostgreSQL under /var/lib/spinel.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false
# `npm install`, not `npm ci`: the lockfile lacks other platforms' optional binaries (e.g. @swc/core
# for arm64), which `npm ci` refuses and `npm install` resolves.
COPY package.json package-lock.json ./
RUN npm install --include=dev
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SPINEL_DATA_DIR=/var/lib/spinel
WORKDIR /app
# package.json is needed at run time: its "imports" map resolves #domain, #persistence, … to dist/.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The data directory holds the generated secret key (when SPINEL_SECRET_KEY is unset) and the
# embedded database (when DATABASE_URL is unset); it must outlive the container.
RUN mkdir -p /var/lib/spinel && chown node:node /var/lib/spinel
VOLUME ["/var/lib/spinel"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1: main.ts handles SIGTERM and SIGINT itself and closes the server and database.
CMD ["node", "dist/apps/controller/src/main.js"]
