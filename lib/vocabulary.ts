/**
 * The stored vocabularies (roles, statuses, rating labels, kinds…) and their types, for app/ and
 * browser components. db/enums.ts is their one home; this module only hands them on, so that app/
 * needs nothing from db/. Free of server code: client components may import it.
 */
export * from '@/db/enums';
