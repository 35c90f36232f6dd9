"""Enrichment providers: firmographics and contacts for a company domain."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import dagster as dg
import httpx
import polars as pl

COMPANY_SCHEMA = {
    "domain": pl.String,
    "name": pl.String,
    "industry": pl.String,
    "employees": pl.Int64,
    "country": pl.String,
    "founded": pl.Int64,
    "tech_stack": pl.String,
    "description": pl.String,
}
CONTACT_SCHEMA = {
    "contact_id": pl.String,
    "company_domain": pl.String,
    "first_name": pl.String,
    "last_name": pl.String,
    "title": pl.String,
    "seniority": pl.String,
    "department": pl.String,
    "email": pl.String,
    "linkedin_url": pl.String,
}


class EnrichmentProvider(dg.ConfigurableResource, ABC):
    @abstractmethod
    def companies(self, domains: list[str]) -> pl.DataFrame: ...

    @abstractmethod
    def contacts(self, domains: list[str]) -> pl.DataFrame: ...

    @property
    def source_name(self) -> str:
        return type(self).__name__


def _conform(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    columns = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype, strict=False).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select(columns) if frame.height else pl.DataFrame(schema=schema)


class LocalDirectoryEnrichment(EnrichmentProvider):
    """Reads ``companies.csv`` and ``contacts.csv`` from a reference folder."""

    directory: str

    def _read(self, name: str, schema: dict) -> pl.DataFrame:
        path = Path(self.directory) / name
        if not path.exists():
            return pl.DataFrame(schema=schema)
        return _conform(pl.read_csv(path, infer_schema=False), schema)

    def companies(self, domains: list[str]) -> pl.DataFrame:
        return self._read("companies.csv", COMPANY_SCHEMA).filter(pl.col("domain").is_in(domains))

    def contacts(self, domains: list[str]) -> pl.DataFrame:
        return self._read("contacts.csv", CONTACT_SCHEMA).filter(pl.col("company_domain").is_in(domains))


class HttpEnrichment(EnrichmentProvider):
    """A JSON enrichment API: ``GET /companies/{domain}`` and ``GET /companies/{domain}/contacts``."""

    base_url: str
    api_key: str = ""
    timeout_seconds: float = 20.0

    def _client(self, transport: httpx.BaseTransport | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=self.timeout_seconds, transport=transport)

    def _get_many(self, paths: list[str], transport: httpx.BaseTransport | None) -> list[dict]:
        rows: list[dict] = []
        with self._client(transport) as client:
            for path in paths:
                response = client.get(path)
                if response.status_code == 404:
                    continue
                response.raise_for_status()
                body = response.json()
                rows.extend(body if isinstance(body, list) else [body])
        return rows

    def companies(self, domains: list[str], transport: httpx.BaseTransport | None = None) -> pl.DataFrame:
        rows = self._get_many([f"/companies/{d}" for d in domains], transport)
        return _conform(pl.DataFrame(rows, infer_schema_length=None), COMPANY_SCHEMA)

    def contacts(self, domains: list[str], transport: httpx.BaseTransport | None = None) -> pl.DataFrame:
        rows = self._get_many([f"/companies/{d}/contacts" for d in domains], transport)
        return _conform(pl.DataFrame(rows, infer_schema_length=None), CONTACT_SCHEMA)
