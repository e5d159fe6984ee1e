package sc.fiji.cmems.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.MethodSettings;
import sc.fiji.cmems.engine.method.TrainingMethods;

/**
 * A method's own settings live in the run's settings under the key its
 * descriptor registers, without a field of their own in TrainingSettings:
 * named {@code key.field}, stored as a JSON entry under the key, checked with
 * the others.
 */
class MethodSettingsTest {

	@Test
	void everyRegisteredMethodsSettingsAreSettingsOfTheRun() {
		final TrainingSettings s = new TrainingSettings();
		final JsonObject json = s.toJson();
		for (final MethodDescriptor d : TrainingMethods.all()) {
			if (d.settingsKey() == null) continue;
			assertTrue(json.has(d.settingsKey()) && json.get(d.settingsKey()).isJsonObject(), d + ": " + json);
			final MethodSettings m = s.method(d.settingsType());
			assertEquals(d.settingsType(), m.getClass());
		}
	}

	@Test
	void setByNameRoundTripAndCheck() {
		final TrainingSettings s = new TrainingSettings();
		s.set("cmems.threshold", "0.8");
		s.set("cmems.thresholdMode", "CLASSWISE");
		assertEquals(0.8, s.method(CmemsSettings.class).threshold);
		assertTrue(TrainingSettings.isSetting("cmems.rampUp"));
		final TrainingSettings back = TrainingSettings.fromJson(s.toJson());
		assertEquals(0.8, back.method(CmemsSettings.class).threshold);
		assertEquals(CmemsSettings.ThresholdMode.CLASSWISE, back.method(CmemsSettings.class).thresholdMode);
		assertEquals(s.toJson(), s.copy().toJson());

		// missing from older JSON: the defaults
		final JsonObject old = s.toJson();
		old.remove("cmems");
		assertEquals(new CmemsSettings().threshold, TrainingSettings.fromJson(old).method(CmemsSettings.class).threshold);

		s.method(CmemsSettings.class).threshold = 1.5;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::check);
		assertTrue(e.getMessage().contains("cmems.threshold") && e.getMessage().contains("1.5"), e.getMessage());
		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> s.set("cmems.thresold", "0.5"));
		assertTrue(unknown.getMessage().contains("cmems.thresold"), unknown.getMessage());
	}
}
