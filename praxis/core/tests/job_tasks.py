"""Tasks the job tests run, importable by a real worker process (not test modules themselves)."""

from praxis.core import jobs


@jobs.task()
def make_text(job_id, *, text):
    jobs.progress(job_id, 50, "Writing")
    jobs.finish(job_id, "hello.txt", text.encode())


@jobs.task()
def refuse(job_id):
    raise jobs.JobError("The file had no rows, so there was nothing to score.")


@jobs.task()
def crash(job_id):
    raise ZeroDivisionError("a bug")


@jobs.task()
def forget(job_id):
    jobs.progress(job_id, 10, "Started, then stopped without a result")
