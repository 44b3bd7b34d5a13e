# syntax=docker/dockerfile:1.7
# @jir/deadline-monitor (obligations, deadlines, reminders, holiday calendar), port 3003.
# Build from the repository root:  docker build -f deploy/docker/deadline-monitor.Dockerfile -t jir/deadline-monitor .
ARG NODE_IMAGE=node:20.19-bookworm-slim

# Build: every workspace the service links to, compiled with tsc (turbo orders them).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund \
 && TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@jir/deadline-monitor... \
 && npm ci --omit=dev --no-audit --no-fund

# Run: production dependencies and compiled output only, as the unprivileged `node` user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3003
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
COPY --from=build /src/apps/deadline-monitor/package.json ./apps/deadline-monitor/package.json
COPY --from=build /src/apps/deadline-monitor/dist ./apps/deadline-monitor/dist
USER node
WORKDIR /app/apps/deadline-monitor
EXPOSE 3003
# Liveness only (the process answers); readiness (/readyz: database, bus) is the orchestrator's probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Migrations: `node dist/migrate.js` with the owner's DATABASE_URL (a Job or init container),
# then the service with MIGRATE_ON_START=false and its own DATABASE_APP_URL.
CMD ["node", "dist/main.js"]
