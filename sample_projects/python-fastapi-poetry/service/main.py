"""A small FastAPI service that keeps notes in memory."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="notes-service")


class Note(BaseModel):
    text: str


_notes: dict[int, Note] = {}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/notes", status_code=201)
def create_note(note: Note) -> dict[str, int]:
    note_id = len(_notes) + 1
    _notes[note_id] = note
    return {"id": note_id}


@app.get("/notes/{note_id}")
def read_note(note_id: int) -> Note:
    if note_id not in _notes:
        raise HTTPException(status_code=404, detail="note not found")
    return _notes[note_id]


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=8000)
