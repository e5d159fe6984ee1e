package sc.fiji.cmems.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;

/** The training window labels and colours each loss curve from the method's descriptor, not from names it knows. */
class CurveLabelsTest {

	@Test
	void curvesTakeTheirLabelAndColourFromTheDescriptor() {
		final TrainingCurves.Series series = new TrainingCurves.Series();
		series.add(1, 0.5f);
		for (final MethodDescriptor method : TrainingMethods.all())
			for (final MethodDescriptor.Term t : method.terms()) {
				final CurveChart.Curve two = TrainingPanel.curve(method, t.key + "2", series);
				assertEquals(t.label + " \u00b7 net 2", two.label, method + "/" + t.key);
				assertEquals(t.label, TrainingPanel.curve(method, t.key, series).label);
			}
		final MethodDescriptor cmems = TrainingMethods.get(TrainingMethods.DEFAULT);
		assertNotEquals(TrainingPanel.curve(cmems, "img1", series).color, TrainingPanel.curve(cmems, "feat1", series).color);
		assertNotEquals(TrainingPanel.curve(cmems, "sup1", series).color, TrainingPanel.curve(cmems, "img1", series).color);
		// a method unknown to the window: its term keys as labels
		assertEquals("xyz \u00b7 net 1", TrainingPanel.curve(null, "xyz1", series).label);
	}
}
