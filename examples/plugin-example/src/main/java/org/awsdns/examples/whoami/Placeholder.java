package org.awsdns.examples.whoami;

final class Placeholder {}
