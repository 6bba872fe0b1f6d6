package org.contactability.testkit;

class FirstClassSharingTest extends SharingAcrossClasses {
}
