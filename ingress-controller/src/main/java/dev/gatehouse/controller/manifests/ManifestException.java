package dev.gatehouse.controller.manifests;

/** Thrown by the parser for a file it cannot use; carries the problem with its line. */
final class ManifestException extends Exception {

    private final ManifestProblem problem;

    ManifestException(ManifestProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    ManifestProblem problem() {
        return problem;
    }
}
