/* Private: calendar dates as the matrix and --today write them (YYYY-MM-DD). */
#ifndef XV_COMMON_DATE_H
#define XV_COMMON_DATE_H

/* Parses a real proleptic Gregorian date "YYYY-MM-DD" (year 1..9999; the day
 * must exist in that month, 29 February only in a leap year). Stores the
 * number of days since 1970-01-01 in *days when days is non-NULL. Returns 1
 * for a valid date, 0 otherwise. */
int xv_date_parse(const char *s, long *days);

#endif
