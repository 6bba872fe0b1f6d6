package org.contactability.hisconnector.application;

import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/** The catalogue topic of each captured entity. */
public final class CaptureTopics {

  private CaptureTopics() {
  }

  public static TopicSpec<?> of(HisEntity entity) {
    return switch (entity) {
      case PATIENTS -> Topics.HIS_PATIENTS;
      case PROFESSIONALS -> Topics.HIS_PROFESSIONALS;
      case SITES -> Topics.HIS_SITES;
      case APPOINTMENTS -> Topics.HIS_APPOINTMENTS;
      case WAITLIST -> Topics.HIS_WAITLIST;
    };
  }
}
