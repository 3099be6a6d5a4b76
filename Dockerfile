# briefbot: one process serving Discord and Slack. Content, config and data are volumes.
#   docker build -t briefbot .
#   docker run -d --env-file .env -v ./config.yaml:/config/config.yaml:ro -v ./content:/content:ro \
#     -v briefbot-data:/data -p 127.0.0.1:8080:8080 briefbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BRIEFBOT_CONFIG=/config/config.yaml \
    BRIEFBOT_CACHE_DIR=/data/cache

WORKDIR /app
COPY pyproject.toml README.md constraints.txt config.example.yaml ./
COPY bot ./bot
COPY content ./content
# constraints.txt: the exact versions the tests passed with, so a rebuild installs the same code
RUN pip install -c constraints.txt ".[postgres]" \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home briefbot \
 && mkdir -p /config /content /data \
 && chown briefbot:briefbot /data
# The bundled briefing, used until a content volume is mounted over it.
COPY content /content
COPY deploy/config.docker.yaml /config/config.yaml

USER briefbot
WORKDIR /data
VOLUME ["/content", "/config", "/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["briefbot"]
CMD ["run"]
