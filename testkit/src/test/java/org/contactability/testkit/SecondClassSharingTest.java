package org.contactability.testkit;

class SecondClassSharingTest extends SharingAcrossClasses {
}
