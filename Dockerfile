# nfwlens as a service: `docker build -t nfwlens .`, then see compose.yaml.
# Stage 1 builds the package exactly as `npm pack` publishes it (compiled CLI + built web app).
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm pack --pack-destination /pkg

# Stage 2 installs that package alone (no dev dependencies) and runs it as an unprivileged user.
FROM node:24-bookworm-slim
RUN groupadd --system --gid 10001 nfwlens \
 && useradd --system --uid 10001 --gid nfwlens --home-dir /data --shell /usr/sbin/nologin nfwlens \
 && mkdir -p /data /etc/nfwlens && chown nfwlens:nfwlens /data
COPY --from=build /pkg/ /tmp/pkg/
RUN npm install --global --no-audit --no-fund /tmp/pkg/nfwlens-*.tgz \
 && rm -rf /tmp/pkg && npm cache clean --force
USER nfwlens
WORKDIR /data
VOLUME ["/data"]
ENV NFWLENS_DB=/data/nfwlens.duckdb NODE_ENV=production
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["nfwlens"]
# Listening beyond loopback needs a token: set NFWLENS_TOKEN (else one is generated and printed).
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--config", "/etc/nfwlens/nfwlens.yaml"]
