"""Scoring a large survey export as a background job (praxis.core.jobs).

The page stores the two uploaded files under the job directory and starts ``score_survey_file``;
the task reads them, scores them with the same ``score_survey`` as the page and the command, and
deletes them whether it succeeds or not (a file left by a crash is removed by ``purge_jobs``).
"""

from __future__ import annotations

import secrets

from praxis.core import jobs
from praxis.core.errors import PraxisError

from . import output
from .scoring import score_survey

JOB_KIND = "survey scores"
FILENAME = "praxis-survey-scores.zip"
SHOWN_PROBLEMS = 10


class SurveyFileError(PraxisError):
    """The uploaded files could not be scored; the message names each row and column."""


def store_upload(upload) -> str:
    """Write an uploaded file under the job directory, in chunks; return the name the task reads."""
    folder = jobs.job_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"upload-{secrets.token_hex(16)}"
    with (folder / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def problems_message(result) -> str:
    """What the job's page says: a line, then one line per problem (shown as a list)."""
    lines = [" ".join(str(problem).split()) for problem in result.problems[:SHOWN_PROBLEMS]]  # one line each
    more = result.more_problems + max(0, len(result.problems) - SHOWN_PROBLEMS)
    if more:
        lines.append(f"… and {more} more problem{'s' if more != 1 else ''} of the same kind.")
    return "\n".join(["Nothing was scored. Put these right and start it again:", *lines])


@jobs.task()
def score_survey_file(job_id: int, *, survey: str, mapping: str, file_format: str) -> None:
    folder = jobs.job_dir()
    paths = [folder / survey, folder / mapping]
    try:
        jobs.progress(job_id, 10, "Reading and scoring the survey export")
        result = score_survey(paths[0], paths[1].read_bytes())
        if not result.ok:
            raise SurveyFileError(problems_message(result))
        jobs.progress(job_id, 80, f"Writing the scores of {result.respondents} respondents")
        content = output.zip_bytes(result, file_format)
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
    jobs.finish(job_id, FILENAME, content)
