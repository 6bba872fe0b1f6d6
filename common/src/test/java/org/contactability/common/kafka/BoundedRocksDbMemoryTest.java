package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Real RocksDB databases, opened as Kafka Streams opens its stores: with the setter's options. */
class BoundedRocksDbMemoryTest {

  @Test
  void every_store_of_the_process_charges_its_memtables_to_one_shared_cache(@TempDir Path directory) throws Exception {
    RocksDB.loadLibrary();
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    BoundedRocksDbMemory.Shared memory = BoundedRocksDbMemory.shared(Map.of());
    long before = memory.cache().getUsage();
    byte[] value = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);

    try (Options first = streamsOptions(); Options second = streamsOptions()) {
      setter.setConfig("plans", first, Map.of());
      setter.setConfig("due", second, Map.of());
      try (RocksDB plans = RocksDB.open(first, directory.resolve("plans").toString());
          RocksDB due = RocksDB.open(second, directory.resolve("due").toString())) {
        for (int i = 0; i < 2000; i++) {
          plans.put(("p" + i).getBytes(StandardCharsets.UTF_8), value);
          due.put(("d" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        long used = memory.cache().getUsage() - before;
        // 4 MB written into memtables: the shared cache accounts for both stores' memtables.
        assertThat(used).as("memtable memory charged to the shared cache").isGreaterThan(2_000_000L);
        assertThat(memory.cache().getUsage()).isLessThanOrEqualTo(memory.capacity());
      }
    }
    assertThat(memory.capacity()).isEqualTo(128L * 1024 * 1024);
    assertThat(BoundedRocksDbMemory.shared(Map.of(BoundedRocksDbMemory.TOTAL_BYTES, "1048576")))
        .as("one bound per process: the first store's").isSameAs(memory);
  }

  /** What Kafka Streams gives a config setter: options with a block-based table config of its own. */
  private static Options streamsOptions() {
    return new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
  }

  @Test
  void a_bound_that_cannot_work_is_refused_at_start_up_with_the_setting_name() {
    assertThatThrownBy(() -> BoundedRocksDbMemory.check(Map.of(BoundedRocksDbMemory.TOTAL_BYTES, "64MB")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES);
    assertThatThrownBy(() -> BoundedRocksDbMemory.check(Map.of(BoundedRocksDbMemory.MEMTABLE_SHARE, "1.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(BoundedRocksDbMemory.MEMTABLE_SHARE);
    BoundedRocksDbMemory.check(BoundedRocksDbMemory.streamsDefaults());
  }
}
