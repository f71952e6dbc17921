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
HEALTHCHECK --interval=10s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/ready')"
CMD ["kamgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
