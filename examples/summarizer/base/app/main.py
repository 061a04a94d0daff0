"""A tiny reporting service."""
import psycopg


def list_reports(conn: psycopg.Connection) -> list[tuple[int, str]]:
    with conn.cursor() as cur:
        cur.execute("SELECT id, body FROM reports ORDER BY id")
        return cur.fetchall()
