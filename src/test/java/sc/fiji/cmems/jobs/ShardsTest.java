package sc.fiji.cmems.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Shards of a file list: every file in exactly one, balanced, and the same files for the same list. */
class ShardsTest {

	@Test
	void shardsCoverEveryFileOnceAndAreBalanced() {
		for (final int files : new int[] { 0, 1, 7, 100 })
			for (final int n : new int[] { 1, 2, 3, 8 }) {
				final List<Path> list = new ArrayList<>();
				for (int i = 0; i < files; i++) list.add(Paths.get(String.format("img-%03d.tif", i)));
				final Set<Path> seen = new HashSet<>();
				int total = 0;
				for (int shard = 0; shard < n; shard++) {
					final List<Path> mine = new Shards(n, shard).of(list);
					assertTrue(mine.size() <= (files + n - 1) / n && mine.size() >= files / n, files + " files, " + n + " shards: " + mine.size());
					assertEquals(mine, new Shards(n, shard).of(list), "the same share again");
					seen.addAll(mine);
					total += mine.size();
				}
				assertEquals(files, total, "no file twice");
				assertEquals(new HashSet<>(list), seen, "every file");
			}
	}

	@Test
	void badSharesAreRefusedByName() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shards(0, 0)).getMessage().contains("shards must be at least 1, was 0"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shards(3, 3)).getMessage().contains("shard must be 0 to 2"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shards(3, -1)).getMessage().contains("was -1"));
	}
}
