/**
 * The fourteen systems of Lenhart and Workman's labs (S. Lenhart and J. T. Workman, "Optimal Control
 * Applied to Biological Models", Chapman and Hall/CRC, 2007), with the equations, bounds, start
 * states and default parameters of Myriad's {@code myriad/systems/lenhart/*.py} and
 * {@code myriad/gin-configs/default.gin} (Howe et al., NeurIPS 2022 datasets and benchmarks track).
 * Where the gin file and a class's defaults differ, the gin value is Myriad's default and is the one
 * used here. Many state and control bounds are Myriad's additions (the book leaves them open); each
 * class says which. Objectives the book maximises are written as the minimisation of their negative.
 */
package io.deadwood.control.systems.lenhart;
