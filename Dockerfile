# The kamgraph API image (used by docker-compose.yml with Neo4j).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY kamgraph ./kamgraph
COPY api ./api
COPY viz ./viz
COPY cypher ./cypher
RUN pip install --no-cache-dir .
RUN useradd --create-home kamgraph
USER kamgraph
EXPOSE 8000
# `kamgraph serve` arrives with the API issue; until then the image runs the CLI's health check.
CMD ["kamgraph", "db", "info"]
