package sc.fiji.cmems.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The learning rate chosen from the budget when none is set (learningRate=0, the default). */
class BudgetLearningRateTest {

	@Test
	void theRateFollowsTheBudgetBetweenThePublishedAndTheMeasuredPoint() {
		assertEquals(0.01, TrainingSettings.budgetLearningRate(30000), 1e-12, "CMEMS.md's rate for its budget");
		assertEquals(0.03, TrainingSettings.budgetLearningRate(800), 0.001, "the rate measured best at 800 iterations");
		double previous = Double.MAX_VALUE;
		for (final int t : new int[] { 1, 50, 400, 800, 2000, 30000, 100000 }) {
			final double lr = TrainingSettings.budgetLearningRate(t);
			assertTrue(lr <= previous && lr >= 0.01 && lr <= 0.05, t + " iterations: " + lr);
			previous = lr;
		}
	}

	@Test
	void aSetRateWinsAndZeroMeansTheBudgetsRate() {
		final TrainingSettings s = new TrainingSettings();
		s.iterations = 800;
		assertEquals(TrainingSettings.budgetLearningRate(800), s.learningRate(0), 1e-6);
		s.learningRate = 0.005;
		assertEquals(0.005, s.learningRate(0), 1e-9);
		assertEquals(0, s.learningRate(800), 1e-9, "decayed to zero at the end of the run");
	}
}
