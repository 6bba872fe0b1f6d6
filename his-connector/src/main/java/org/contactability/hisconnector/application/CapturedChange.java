package org.contactability.hisconnector.application;

import java.util.Map;
import java.util.function.Supplier;

import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.hisconnector.domain.mapping.HisEntity;

/**
 * One row change read from the HIS's change stream, before mapping: column values as plain Java
 * values, where in the stream it was read, and the row as the connector saw it (JSON, only built
 * when a dead letter needs it).
 *
 * @param before the row before the change; null on inserts and snapshots, and on updates of tables
 *               whose replica identity does not provide it
 * @param after  the row after the change; null on deletes
 */
public record CapturedChange(HisEntity entity, ChangeOperation op, Map<String, Object> before,
    Map<String, Object> after, SourcePosition position, Supplier<byte[]> rowAsJson) {
}
