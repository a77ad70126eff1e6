# One image for the three services; the command picks the app:
#   docker build -t order-management-platform:0.1.0-node26 .
#   docker run order-management-platform:0.1.0-node26 node --enable-source-maps dist/apps/orders/src/main.js
FROM node:26.10.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY web ./web
RUN npx tsc -p tsconfig.build.json && npx vite build --config web/vite.config.ts && npm prune --omit=dev

FROM node:26.10.0-bookworm-slim
ENV NODE_ENV=production
# Heap bounds, the figures of scripts/services.mjs (test/deploy checks that they match): a smaller
# young generation and a 160 MB old space keep each service under 200 MB resident under load. In
# NODE_OPTIONS so that any command has them.
ENV NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=160"
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000 3001 3002
CMD ["node", "--enable-source-maps", "dist/apps/api-gateway/src/main.js"]
