"""Nightly job: summarize every report with a model."""
import os

import psycopg
from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])


def summarize_all(conn: psycopg.Connection) -> None:
    with conn.cursor() as cur:
        cur.execute("SELECT id, body FROM reports WHERE summary IS NULL")
        for report_id, body in cur.fetchall():
            response = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "user", "content": f"Summarize: {body}"}],
            )
            cur.execute(
                "UPDATE reports SET summary = %s WHERE id = %s",
                (response.choices[0].message.content, report_id),
            )
    conn.commit()


if __name__ == "__main__":
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        summarize_all(connection)
