package org.contactability.common.kafka;

import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB store of the process: all stores share one block
 * cache, and their memtables are charged to it through one write-buffer manager, as Kafka Streams'
 * documentation recommends for bounded memory. Without it each store (one per task and store:
 * dozens per service) takes its own cache and memtables, and a pod's memory limit depends on how
 * many partitions it happens to own.
 *
 * <p>The bound is read from the Streams configuration ({@value #TOTAL_BYTES}, {@value #MEMTABLE_SHARE})
 * when the first store opens; it is per process, so in the embedded platform the three Kafka
 * Streams services share it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** Block cache and memtables together, in bytes, for the whole process. */
  public static final String TOTAL_BYTES = "contactability.rocksdb.total.bytes";
  /** The part of {@link #TOTAL_BYTES} memtables may take (0 to 1). */
  public static final String MEMTABLE_SHARE = "contactability.rocksdb.memtable.share";

  static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;
  static final double DEFAULT_MEMTABLE_SHARE = 0.25;
  /** Index and filter blocks are cached at high priority so that data blocks do not push them out. */
  private static final double HIGH_PRIORITY_SHARE = 0.1;

  private static Shared shared;

  /** The settings that turn the bound on; a service's own {@code *.streams.properties.*} may override them. */
  public static Map<String, Object> streamsDefaults() {
    return Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class,
        TOTAL_BYTES, Long.toString(DEFAULT_TOTAL_BYTES),
        MEMTABLE_SHARE, Double.toString(DEFAULT_MEMTABLE_SHARE));
  }

  /**
   * Fails at start-up, with the setting's name, on a bound that the first store would refuse later
   * (inside a stream thread, where the error is harder to see).
   */
  public static void check(Map<?, ?> streamsConfig) {
    @SuppressWarnings("unchecked")
    Map<String, ?> settings = (Map<String, ?>) streamsConfig;
    validate(longSetting(settings, TOTAL_BYTES, DEFAULT_TOTAL_BYTES),
        doubleSetting(settings, MEMTABLE_SHARE, DEFAULT_MEMTABLE_SHARE));
  }

  private static void validate(long total, double memtables) {
    if (total < 1024 * 1024 || !(memtables > 0 && memtables < 1)) {
      throw new IllegalArgumentException(TOTAL_BYTES + " must be at least 1 MiB (1048576) and " + MEMTABLE_SHARE
          + " between 0 and 1 (exclusive), not " + total + " and " + memtables);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared memory = shared(configs);
    // Kafka Streams hands over its own block-based table config; keep it (its settings) and swap the cache.
    BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig given ? given
        : new BlockBasedTableConfig();
    table.setBlockCache(memory.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(memory.writeBuffers());
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the manager outlive any one store: they are the process's.
  }

  /** The process's cache and manager, made from the first store's settings (tests read it too). */
  static synchronized Shared shared(Map<String, ?> configs) {
    if (shared == null) {
      long total = longSetting(configs, TOTAL_BYTES, DEFAULT_TOTAL_BYTES);
      double memtables = doubleSetting(configs, MEMTABLE_SHARE, DEFAULT_MEMTABLE_SHARE);
      validate(total, memtables);
      LRUCache cache = new LRUCache(total, -1, false, HIGH_PRIORITY_SHARE);
      shared = new Shared(cache, new WriteBufferManager((long) (total * memtables), cache), total);
    }
    return shared;
  }

  private static long longSetting(Map<String, ?> configs, String key, long fallback) {
    Object value = configs.get(key);
    try {
      return value == null ? fallback : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number of bytes, not '" + value + "'", e);
    }
  }

  private static double doubleSetting(Map<String, ?> configs, String key, double fallback) {
    Object value = configs.get(key);
    try {
      return value == null ? fallback : Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number between 0 and 1, not '" + value + "'", e);
    }
  }

  /** One process's RocksDB memory: the cache every store reads through and the memtables' budget within it. */
  record Shared(Cache cache, WriteBufferManager writeBuffers, long capacity) {
  }
}
