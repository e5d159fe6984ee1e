package sc.fiji.cmems.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;

/** The training loop: reproducibility, exact resume, stop, checkpoints, validation. */
class TrainerTest {

	private static final TrainingInputs INPUTS = ToyData.inputs(3, 32, 6, 2);

	private static List<Map<String, Float>> trajectory(final TrainingResult r) {
		final List<Map<String, Float>> t = new ArrayList<>();
		for (final IterationReport i : r.history()) t.add(i.terms());
		return t;
	}

	private static TrainingResult train(final TrainingSettings s) throws IOException {
		return new Trainer(s).train(INPUTS);
	}

	@Test
	void sameSeedGivesTheSameLossTrajectory() throws IOException {
		final TrainingSettings s = TinyRuns.settings("cmems", 4);
		final TrainingResult a = train(s), b = train(s);
		s.seed = 6;
		final TrainingResult c = train(s);
		try (SegmentationModel ma = a.model(); SegmentationModel mb = b.model(); SegmentationModel mc = c.model()) {
			assertEquals(trajectory(a), trajectory(b));
			assertNotEquals(trajectory(a), trajectory(c), "another seed, another run");
			assertTrue(trajectory(a).get(3).containsKey("img1") && trajectory(a).get(3).containsKey("feat2"), "CMEMS reports its terms: " + trajectory(a).get(3));
			assertArrayEquals(ModelBundle.networkBytes(ma.networks()).get(1), ModelBundle.networkBytes(mb.networks()).get(1));
		}
	}

	/** Fiji runs commands on worker threads; PyTorch's gradient mode is per thread. */
	@Test
	void trainsTheSameOnAnotherThread() throws Exception {
		final TrainingSettings s = TinyRuns.settings("cmems", 2);
		final TrainingResult here = train(s);
		final java.util.concurrent.atomic.AtomicReference<Object> there = new java.util.concurrent.atomic.AtomicReference<>();
		final Thread worker = new Thread(() -> {
			try {
				there.set(train(s));
			}
			catch (final Throwable e) {
				there.set(e);
			}
		}, "worker");
		worker.start();
		worker.join();
		assertTrue(there.get() instanceof TrainingResult, "training on a new thread failed: " + there.get());
		final TrainingResult other = (TrainingResult) there.get();
		try (SegmentationModel a = here.model(); SegmentationModel b = other.model()) {
			assertEquals(trajectory(here), trajectory(other));
		}
	}

	@Test
	void resumedRunMatchesAnUninterruptedOne(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("cmems", 6);
		s.validateEvery = 2;
		final TrainingResult straight = train(s);

		final Path checkpoint = dir.resolve("run.ckpt");
		final AtomicInteger done = new AtomicInteger();
		final TrainingResult first = new Trainer(s).checkpoints(checkpoint).stopWhen(() -> done.get() >= 3).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				done.set(report.iteration());
			}
		}).train(INPUTS);
		first.model().close();
		assertTrue(first.stopped());
		assertEquals(3, first.iterationsDone());
		assertTrue(Files.exists(checkpoint), "a stop writes a checkpoint");

		final TrainingResult resumed = Trainer.resume(checkpoint, INPUTS, s, null, null);
		try (SegmentationModel a = straight.model(); SegmentationModel b = resumed.model()) {
			assertEquals(6, resumed.iterationsDone());
			assertResumedExactly(straight, resumed, 3, a, b);
			assertEquals(a.info().validationDice, b.info().validationDice);
			assertEquals(a.info().iterations, b.info().iterations, "the same best iteration is kept");
		}
	}

	/** A crash (here: an exception from the listener) keeps the last periodic checkpoint, and resuming from it is exact. */
	@Test
	void aCrashKeepsTheLastPeriodicCheckpointAndResumingFromItIsExact(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("cmems", 6);
		s.checkpointEvery = 2;
		final TrainingResult straight = train(s);

		final Path checkpoint = dir.resolve("run.ckpt");
		final RuntimeException crash = assertThrows(RuntimeException.class, () -> new Trainer(s).checkpoints(checkpoint).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				if (report.iteration() == 5) throw new IllegalStateException("simulated crash at iteration 5");
			}
		}).train(INPUTS));
		assertTrue(crash.getMessage().contains("simulated crash"), crash.getMessage());
		assertEquals(4, ModelBundle.readInfo(checkpoint).iterations, "the checkpoint written after iteration 4 survives the crash");
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no half-written file beside the checkpoint");
		}

		final TrainingResult resumed = Trainer.resume(checkpoint, INPUTS, s, null, null);
		try (SegmentationModel a = straight.model(); SegmentationModel b = resumed.model()) {
			assertResumedExactly(straight, resumed, 4, a, b);
		}
	}

	/** The resumed run's losses from iteration {@code from} on, and both final networks, equal the uninterrupted run's. */
	private static void assertResumedExactly(final TrainingResult straight, final TrainingResult resumed, final int from, final SegmentationModel a,
		final SegmentationModel b)
	{
		assertEquals(trajectory(straight).subList(from, straight.iterationsDone()), trajectory(resumed));
		for (int k = 0; k < 2; k++)
			assertArrayEquals(ModelBundle.networkBytes(a.networks()).get(k), ModelBundle.networkBytes(b.networks()).get(k), "network " + (k + 1));
	}

	@Test
	void stopKeepsTheBestModelAndTheCheckpoint(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("supervised", 10);
		s.validateEvery = 2;
		s.checkpointEvery = 2;
		final Path checkpoint = dir.resolve("c.ckpt");
		final AtomicInteger done = new AtomicInteger();
		final List<ValidationReport> validations = new ArrayList<>();
		final TrainingResult r = new Trainer(s).checkpoints(checkpoint).stopWhen(() -> done.get() >= 5).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				done.set(report.iteration());
			}

			@Override
			public void validated(final ValidationReport report) {
				validations.add(report);
			}
		}).train(INPUTS);
		try (SegmentationModel m = r.model()) {
			assertTrue(r.stopped());
			assertEquals(5, r.iterationsDone());
			// validated at 2, 4 and once more at the stop (5)
			assertEquals(3, validations.size());
			ValidationReport best = validations.get(0);
			for (final ValidationReport v : validations) if (v.meanDice() > best.meanDice()) best = v;
			assertEquals(best.iteration(), m.info().iterations, "the kept model is the best validated one");
			assertEquals(best.meanDice(), m.info().validationDice, 0);
			assertEquals(5, ModelBundle.readInfo(checkpoint).iterations, "the checkpoint holds the iteration of the stop");
		}
	}

	@Test
	void timeLeftLeavesOutASlowStart() throws IOException {
		// reading the data and the first iteration's warm-up took 32 s against 5 s per later iteration in a
		// 128x128 run: an estimate from the elapsed time started at 21 hours for 2400 iterations (about 3 hours)
		final double slowStart = 3;
		final List<IterationReport> reports = new ArrayList<>();
		final AtomicBoolean started = new AtomicBoolean();
		new Trainer(TinyRuns.settings("supervised", 3)).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				reports.add(report);
			}
		}).stopWhen(() -> {
			if (!started.getAndSet(true)) pause(slowStart);
			return false;
		}).train(INPUTS).model().close();
		final IterationReport second = reports.get(1);
		// one iteration left, estimated from the second alone: at most what the run took beyond the slow start
		assertTrue(second.remainingSeconds() <= second.elapsedSeconds() - slowStart,
			"time left " + second.remainingSeconds() + " s after " + second.elapsedSeconds() + " s, " + slowStart + " s of them before the first iteration");
	}

	private static void pause(final double seconds) {
		try {
			Thread.sleep((long) (seconds * 1000));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void progressReportsEverythingAUserWatches() throws IOException {
		final TrainingSettings s = TinyRuns.settings("cmems", 3);
		final List<IterationReport> reports = new ArrayList<>();
		final List<String> messages = new ArrayList<>();
		final TrainingResult r = new Trainer(s).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				reports.add(report);
			}

			@Override
			public void message(final String text) {
				messages.add(text);
			}
		}).train(INPUTS);
		r.model().close();
		assertEquals(3, reports.size());
		final IterationReport last = reports.get(2);
		assertEquals(3, last.iteration());
		assertEquals(3, last.iterations());
		final float base = (float) TinyRuns.settings("cmems", 3).baseLearningRate();
		assertTrue(last.learningRate() < base && last.learningRate() > 0, "poly decay from " + base + ": " + last.learningRate());
		assertEquals(base, reports.get(0).learningRate(), 0f, "the first iteration runs at the base rate");
		assertTrue(last.elapsedSeconds() > 0 && last.remainingSeconds() >= 0);
		assertTrue(Double.isNaN(reports.get(0).remainingSeconds()), "nothing to estimate the time left from after the first iteration");
		assertTrue(reports.get(1).remainingSeconds() >= 0);
		assertEquals(4, last.statistics().get("pl1").length, "pseudo-label fraction per class");
		assertTrue(last.terms().containsKey("w") && last.terms().containsKey("sup1"));
		assertTrue(Float.isFinite(last.loss()));
	}

	@Test
	void cmemsWithoutUnlabeledImagesSaysItIsSupervisedTraining() {
		final TrainingInputs noUnlabeled = new TrainingInputs(INPUTS.exemplar(), new ArrayList<>(), new ArrayList<>());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TinyRuns.settings("cmems", 2)).train(noUnlabeled));
		assertTrue(e.getMessage().contains("supervised"), e.getMessage());
		assertFalse(e.getMessage().isEmpty());
	}

	@Test
	void supervisedTrainsOnTheExemplarAlone() throws IOException {
		final TrainingInputs noUnlabeled = new TrainingInputs(INPUTS.exemplar(), new ArrayList<>(), new ArrayList<>());
		for (final String method : new String[] { "supervised", "supervised-synthetic" }) {
			final TrainingResult r = new Trainer(TinyRuns.settings(method, 2)).train(noUnlabeled);
			try (SegmentationModel m = r.model()) {
				assertEquals(1, m.networks().size());
				assertEquals(method, m.info().method);
			}
		}
	}

	@Test
	void resumeRefusesOtherInputs(@TempDir final Path dir) throws IOException {
		final TrainingSettings s = TinyRuns.settings("supervised", 2);
		final Path checkpoint = dir.resolve("c.ckpt");
		new Trainer(s).checkpoints(checkpoint).train(INPUTS).model().close();
		final TrainingInputs other = ToyData.inputs(4, 32, 6, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.resume(checkpoint, other, s, null, null));
		assertTrue(e.getMessage().contains("other inputs"), e.getMessage());
	}
}
