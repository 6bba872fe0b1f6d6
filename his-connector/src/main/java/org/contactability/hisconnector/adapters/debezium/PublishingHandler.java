package org.contactability.hisconnector.adapters.debezium;

import java.util.List;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.contactability.hisconnector.application.ChangeCapture;

/**
 * Hands each record of a Debezium batch to {@link ChangeCapture}, waits until all it published is
 * acknowledged by the broker, and only then marks the batch processed, so that the offsets Debezium
 * stores (and the log position it confirms to the database) never run ahead of Kafka. A failed
 * send fails the batch: the engine stops and is restarted from the last committed offset.
 */
public final class PublishingHandler implements CaptureEngine.Handler {

  private final ChangeRecords records;
  private final ChangeCapture capture;

  public PublishingHandler(ChangeRecords records, ChangeCapture capture) {
    this.records = records;
    this.capture = capture;
  }

  @Override
  public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    for (RecordChangeEvent<SourceRecord> event : batch) {
      records.read(event.record()).ifPresent(capture::handle);
    }
    capture.flush();
    for (RecordChangeEvent<SourceRecord> event : batch) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
  }
}
