"""Ingest past one process: the pipeline on several processes of this machine (`local`,
`rasd ingest --workers N`) or on a Ray cluster (`ray`, `--ray ADDRESS`, imported only then).

Either way the inputs are read here, in batches; the pipeline (text core, KB, events, the
duplicate signatures) runs in workers that load the KB once (each Ray actor; the local
workers share one copy, loaded by the fork server they start from); and the finished batches
come back in input order to this process's store writer, so the store holds exactly what
`rasd ingest` without them would write, and a killed run resumes as a local one does.
"""
