package io.deadwood.control.nlp;

class SqpSolverTest extends NlpSolverContract {

    @Override NlpSolver solver() { return new SqpSolver(); }
}
