package org.contactability.common.security;

import java.util.List;

/**
 * The endpoints one service serves and who may call them. Every service with a web server declares one
 * bean of this type; {@link ServiceAccess} adds the actuator's and denies everything not listed.
 */
@FunctionalInterface
public interface AccessRules {

  List<Access> rules();
}
