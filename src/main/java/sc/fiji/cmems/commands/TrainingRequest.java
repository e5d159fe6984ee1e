package sc.fiji.cmems.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.jobs.ImageSources;

/**
 * Which of {@link TrainFromExemplar}'s image parameters are used: files take
 * precedence over open images for the exemplar; unlabeled images come from the
 * folder and the open stack together.
 */
final class TrainingRequest {

	private final TrainFromExemplar c;

	TrainingRequest(final TrainFromExemplar command) {
		this.c = command;
	}

	TrainingInputs inputs() throws IOException {
		final ReadOptions options = ReadOptions.defaults().withImageDataset(c.imagedataset).withLabelDataset(c.labeldataset);
		final ImageInput exemplar;
		if (c.exemplarfile != null) exemplar = ImageSources.labeledFile(c.exemplarfile.toPath(), path(c.labelsfile), options);
		else if (c.exemplar != null) exemplar = ImageSources.labeled(c.exemplar, c.labels);
		else throw new IllegalArgumentException("no exemplar given: choose an open image and its label image (exemplar=..., labels=...) or files (exemplarfile=..., labelsfile=...)");
		final List<ImageInput> unlabeled = new ArrayList<>();
		if (c.unlabeledfolder != null) unlabeled.addAll(ImageSources.folder(c.unlabeledfolder.toPath(), c.filter, options));
		if (c.unlabeled != null) unlabeled.add(ImageSources.image(c.unlabeled));
		final List<ImageInput> validation = c.validationfolder == null ? new ArrayList<>()
			: ImageSources.labeledFolder(c.validationfolder.toPath(), path(c.validationlabels), c.filter, options);
		return new TrainingInputs(exemplar, unlabeled, validation);
	}

	private static Path path(final File f) {
		return f == null ? null : f.toPath();
	}
}
