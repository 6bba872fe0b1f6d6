package org.contactability.waitlist.adapters.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.waitlist.adapters.kafka.state.SlotRecord;
import org.contactability.waitlist.domain.candidate.Ranking;
import org.contactability.waitlist.domain.offer.OfferPolicy;
import org.contactability.waitlist.domain.offer.Slot;
import org.contactability.waitlist.domain.offer.SlotEffect;
import org.contactability.waitlist.domain.offer.SlotEventKind;
import org.contactability.waitlist.domain.offer.SlotInput;
import org.contactability.waitlist.domain.offer.SlotOffers;
import org.contactability.waitlist.domain.offer.SlotOutcome;
import org.contactability.waitlist.domain.offer.SlotState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

/**
 * Runs the offer state machine of every slot of its partitions. Every event of a slot arrives here
 * keyed by slot id, one at a time, and the slot's state is read and written in the same Kafka
 * transaction as the records it causes (exactly_once_v2): two acceptances of one slot are applied
 * in turn, and only the first can win. A wall-clock punctuator reads the injected clock and looks
 * at the slots whose next due time (an offer lapsing, the deadline) has come.
 */
final class SlotOfferProcessor implements Processor<String, SlotCommand, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(SlotOfferProcessor.class);

  private final TopologySettings settings;
  private final Outbound outbound;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, SlotRecord> slots;
  private KeyValueStore<String, String> due;
  private WaitlistDirectory directory;

  SlotOfferProcessor(TopologySettings settings) {
    this.settings = settings;
    this.outbound = new Outbound(settings.tokens());
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.slots = context.getStateStore(WaitlistStores.SLOTS);
    this.due = context.getStateStore(WaitlistStores.SLOT_DUE);
    this.directory = new WaitlistDirectory(context.getStateStore(WaitlistStores.WAITLIST),
        context.getStateStore(WaitlistStores.PATIENTS));
    context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, unused -> punctuate());
  }

  @Override
  public void process(Record<String, SlotCommand> record) {
    Instant now = settings.clock().instant();
    if (record.value() instanceof SlotCommand.Open open) {
      open(open.slot(), now);
    } else if (record.value() instanceof SlotCommand.Apply apply) {
      apply(record.key(), apply.input(), now);
    }
  }

  private void open(Slot slot, Instant now) {
    if (slots.get(slot.slotId()) != null) {
      log.debug("Slot {} was already opened; repeated cancellation ignored", slot.slotId());
      count("duplicate-cancellation", slot.hospitalCode());
      return;
    }
    SlotOffers machine = machineFor(slot.hospitalCode());
    SlotOutcome.Changed opened = machine.open(slot, now);
    save(opened.state(), machine.policy());
    carryOut(opened.state(), opened.effects(), now);
  }

  private void apply(String slotId, SlotInput input, Instant now) {
    SlotRecord stored = slots.get(slotId);
    if (stored == null) {
      throw new UnusableRecordException("no open slot " + slotId + " for " + input.getClass().getSimpleName()
          + " (never opened, or finished and forgotten)");
    }
    SlotState state = StateMapping.fromRecord(stored);
    SlotOffers machine = machineFor(state.slot().hospitalCode());
    SlotOutcome outcome = machine.apply(state, input, now);
    if (outcome instanceof SlotOutcome.Rejected rejected) {
      throw new UnusableRecordException(rejected.why());
    }
    handle(state, outcome, machine.policy(), now);
  }

  private void punctuate() {
    Instant now = settings.clock().instant();
    List<KeyValue<String, String>> dueNow = new ArrayList<>();
    try (KeyValueIterator<String, String> range = due.range("", WaitlistStores.dueKey(now, String.valueOf(WaitlistStores.END)))) {
      range.forEachRemaining(dueNow::add);
    }
    for (KeyValue<String, String> entry : dueNow) {
      due.delete(entry.key);
      SlotRecord stored = slots.get(entry.value);
      if (stored == null) {
        continue;
      }
      SlotState state = StateMapping.fromRecord(stored);
      try {
        SlotOffers machine = machineFor(state.slot().hospitalCode());
        handle(state, machine.apply(state, new SlotInput.Tick(), now), machine.policy(), now);
      } catch (RuntimeException e) {
        // One broken slot must not stop the others: retry it a minute later.
        log.error("Could not process the timers of slot {}: {}", entry.value, e.toString(), e);
        count("timer-failure", state.slot().hospitalCode());
        due.put(WaitlistStores.dueKey(now.plusSeconds(60), entry.value), entry.value);
      }
    }
  }

  private void handle(SlotState before, SlotOutcome outcome, OfferPolicy policy, Instant now) {
    if (outcome instanceof SlotOutcome.Changed changed) {
      due.delete(WaitlistStores.dueKey(before.nextDue(policy), before.slot().slotId()));
      save(changed.state(), policy);
      carryOut(changed.state(), changed.effects(), now);
    } else if (outcome instanceof SlotOutcome.Forgotten forgotten) {
      log.debug("Slot {} forgotten: {}", before.slot().slotId(), forgotten.why());
      due.delete(WaitlistStores.dueKey(before.nextDue(policy), before.slot().slotId()));
      slots.delete(before.slot().slotId());
    } else if (outcome instanceof SlotOutcome.Unchanged unchanged) {
      log.debug("Slot {} unchanged: {}", before.slot().slotId(), unchanged.why());
      // The punctuator removed the due entry it visited: put it back.
      due.put(WaitlistStores.dueKey(before.nextDue(policy), before.slot().slotId()), before.slot().slotId());
    }
  }

  private void save(SlotState state, OfferPolicy policy) {
    slots.put(state.slot().slotId(), StateMapping.toRecord(state));
    due.put(WaitlistStores.dueKey(state.nextDue(policy), state.slot().slotId()), state.slot().slotId());
  }

  private void carryOut(SlotState state, List<SlotEffect> effects, Instant now) {
    Slot slot = state.slot();
    long timestamp = recordTimestamp();
    for (SlotEffect effect : effects) {
      if (effect instanceof SlotEffect.Announce announce) {
        context.forward(new Record<>(slot.slotId(),
            outbound.event(state, announce.kind(), announce.offer(), announce.reason(), now), timestamp));
        count(announce.kind().name(), slot.hospitalCode());
        if (announce.kind() == SlotEventKind.RELEASED) {
          log.info("Slot {} of hospital {} ({}, starts {}) RELEASED after {} offer(s): {}", slot.slotId(),
              slot.hospitalCode(), slot.specialty(), slot.startsAt(), state.offers().size(), announce.reason());
        } else if (announce.kind() == SlotEventKind.BOOKED) {
          log.info("Slot {} of hospital {} BOOKED for waiting-list entry {}", slot.slotId(), slot.hospitalCode(),
              announce.offer().entryId());
        }
      } else if (effect instanceof SlotEffect.SendOffer send) {
        context.forward(new Record<>(send.offer().entryId(), outbound.offer(slot, send.offer(), send.resend(), now),
            timestamp));
      } else if (effect instanceof SlotEffect.Reply reply) {
        context.forward(new Record<>(reply.offer().entryId(),
            outbound.reply(slot, reply.offer(), reply.kind(), now), timestamp));
      } else if (effect instanceof SlotEffect.Book book) {
        context.forward(new Record<>(book.offer().entryId(), outbound.book(slot, book.offer(), now), timestamp));
      }
    }
  }

  private SlotOffers machineFor(String hospitalCode) {
    Ranking ranking = new Ranking(settings.policies().ranking(hospitalCode));
    return new SlotOffers(settings.policies().offers(hospitalCode), (slot, excluded, limit) -> ranking
        .rank(slot, directory.candidates(slot.hospitalCode(), slot.specialty()), excluded).stream()
        .limit(limit).toList());
  }

  private void count(String type, String hospitalCode) {
    Counter.builder("contactability.waitlist.slot.events")
        .description("Steps in the life of freed slots (RELEASED: nobody took it, the hospital must act)")
        .tag("type", type).tag("hospital", hospitalCode)
        .register(settings.meters()).increment();
  }

  /**
   * Kafka timestamps of what this processor writes: the stream's wall clock, not the business
   * clock. Brokers refuse records stamped more than an hour ahead of their own time
   * ({@code log.message.timestamp.after.max.ms}), and the platform's clock may be days ahead.
   */
  private long recordTimestamp() {
    return context.currentSystemTimeMs();
  }
}
