"""HTTP API of the reporting service."""
from fastapi import FastAPI
from openai import OpenAI

app = FastAPI()
client = OpenAI()


@app.post("/summarize")
def summarize(text: str) -> dict[str, str]:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": text}],
    )
    return {"summary": response.choices[0].message.content}
