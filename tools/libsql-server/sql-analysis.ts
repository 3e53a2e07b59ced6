// SQL lexing. libsql's binding layer panics (aborting the process) when it binds an object to a
// statement with nameless parameters, and silently ignores surplus/missing arguments, so we work out
// the parameter slots ourselves and always bind a positional array. The same pass splits a script
// into statements, following sqlite3_complete() so that CREATE TRIGGER bodies stay whole.
import { decodeValue, HranaError, protoFail, type JsonObject, type SqlValue } from './protocol.ts';
export interface SqlInfo {
  /** Statement texts that contain something besides whitespace, comments and semicolons. */
  statements: string[];
  /** Highest parameter index (SQLite numbers them from 1). */
  paramCount: number;
  /** Parameter name (with its prefix) per index; null for `?` and unused indexes. */
  paramNames: (string | null)[];
  /** Indexes that actually occur in the SQL. */
  usedParams: Set<number>;
  nameToIndex: Map<string, number>;
  /** Upper-cased first word of the first statement. */
  firstWord: string | null;
}

const isIdChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

// Token classes and transition table of sqlite3_complete() (complete.c).
const enum Tk { Semi, Ws, Other, Explain, Create, Temp, Trigger, End }
const TRANS: readonly (readonly number[])[] = [
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];
const KEYWORDS: Record<string, Tk> = {
  EXPLAIN: Tk.Explain,
  CREATE: Tk.Create,
  TEMP: Tk.Temp,
  TEMPORARY: Tk.Temp,
  TRIGGER: Tk.Trigger,
  END: Tk.End,
};

export function analyzeSql(sql: string): SqlInfo {
  const statements: string[] = [];
  const paramNames: (string | null)[] = [];
  const usedParams = new Set<number>();
  const nameToIndex = new Map<string, number>();
  let paramCount = 0;
  let firstWord: string | null = null;
  let state = 0;
  let stmtStart = 0;
  let hasContent = false;
  const n = sql.length;
  let i = 0;

  const addParam = (name: string | null, explicitIndex?: number): void => {
    let index: number;
    if (explicitIndex !== undefined) {
      index = explicitIndex;
      paramCount = Math.max(paramCount, index);
      if (paramNames[index - 1] == null) {
        paramNames[index - 1] = name;
        if (name !== null && !nameToIndex.has(name)) nameToIndex.set(name, index);
      }
    } else if (name !== null && nameToIndex.has(name)) {
      index = nameToIndex.get(name)!;
    } else {
      index = ++paramCount;
      paramNames[index - 1] = name;
      if (name !== null) nameToIndex.set(name, index);
    }
    usedParams.add(index);
  };

  while (i < n) {
    const c = sql.charCodeAt(i);
    const start = i;
    let tk: Tk = Tk.Other;
    if (isSpace(c)) {
      while (i < n && isSpace(sql.charCodeAt(i))) i++;
      tk = Tk.Ws;
    } else if (c === 45 /* - */ && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      tk = Tk.Ws;
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      tk = Tk.Ws;
    } else if (c === 39 /* ' */ || c === 34 /* " */ || c === 96 /* ` */) {
      // Quoted string or identifier; a doubled quote is an escaped quote.
      const q = sql[i]!;
      i++;
      for (;;) {
        const end = sql.indexOf(q, i);
        if (end < 0) {
          i = n;
          break;
        }
        i = end + 1;
        if (sql[i] === q) i++;
        else break;
      }
    } else if (c === 91 /* [ */) {
      const end = sql.indexOf(']', i);
      i = end < 0 ? n : end + 1;
    } else if (c === 59 /* ; */) {
      i++;
      tk = Tk.Semi;
    } else if (c === 63 /* ? */) {
      i++;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (i - start > 1) {
        const index = Number(sql.slice(start + 1, i));
        if (index >= 1 && index <= 32766) addParam(sql.slice(start, i), index);
      } else {
        addParam(null);
      }
    } else if (c === 58 /* : */ || c === 64 /* @ */ || c === 36 /* $ */ || c === 35 /* # */) {
      // Named parameter, including SQLite's TCL-style `$a::b` and `$a(x)` forms.
      i++;
      let idChars = 0;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (isIdChar(d)) {
          idChars++;
          i++;
        } else if (d === 40 /* ( */ && idChars > 0) {
          while (i < n && !isSpace(sql.charCodeAt(i)) && sql.charCodeAt(i) !== 41) i++;
          if (sql.charCodeAt(i) === 41) i++;
          break;
        } else if (d === 58 && sql.charCodeAt(i + 1) === 58) {
          i += 2;
        } else {
          break;
        }
      }
      if (idChars > 0) addParam(sql.slice(start, i));
    } else if (isIdChar(c) && !isDigit(c)) {
      while (i < n && isIdChar(sql.charCodeAt(i))) i++;
      const word = sql.slice(start, i).toUpperCase();
      tk = KEYWORDS[word] ?? Tk.Other;
      if (firstWord === null && statements.length === 0) firstWord = word;
    } else if (isDigit(c)) {
      while (i < n && (isIdChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === 46)) i++;
    } else {
      i++;
    }

    if (tk !== Tk.Ws && tk !== Tk.Semi) hasContent = true;
    state = TRANS[state]![tk]!;
    if (tk === Tk.Semi && state === 1) {
      if (hasContent) statements.push(sql.slice(stmtStart, i));
      stmtStart = i;
      hasContent = false;
    }
  }
  if (hasContent) statements.push(sql.slice(stmtStart));
  for (let k = 0; k < paramCount; k++) paramNames[k] ??= null;
  return { statements, paramCount, paramNames, usedParams, nameToIndex, firstWord };
}

const sqlInfoCache = new Map<string, SqlInfo>();
export function sqlInfo(sql: string): SqlInfo {
  let info = sqlInfoCache.get(sql);
  if (!info) {
    info = analyzeSql(sql);
    if (sqlInfoCache.size >= 1000) sqlInfoCache.delete(sqlInfoCache.keys().next().value!);
    sqlInfoCache.set(sql, info);
  }
  return info;
}

/** Lines positional and named Hrana args up with the statement's parameter slots. */
export function bindArgs(info: SqlInfo, args: unknown, namedArgs: unknown): SqlValue[] {
  const values: (SqlValue | undefined)[] = new Array(info.paramCount).fill(undefined);
  if (args !== undefined && args !== null) {
    if (!Array.isArray(args)) protoFail('"args" must be an array');
    const list = args as unknown[];
    if (list.length > info.paramCount) {
      throw new HranaError(`The statement expects ${info.paramCount} argument(s), but ${list.length} were given`, 'ARGS_INVALID');
    }
    list.forEach((a, k) => (values[k] = decodeValue(a)));
  }
  if (namedArgs !== undefined && namedArgs !== null) {
    if (!Array.isArray(namedArgs)) protoFail('"named_args" must be an array');
    for (const na of namedArgs as unknown[]) {
      if (na === null || typeof na !== 'object') protoFail('Named argument must be an object');
      const { name, value } = na as JsonObject;
      if (typeof name !== 'string') return protoFail('Named argument needs a string "name"');
      // Names may come with or without their SQLite prefix (":a", "@a", "$a" or just "a").
      let index = info.nameToIndex.get(name);
      if (index === undefined && !/^[:@$#?]/.test(name)) {
        for (const prefix of [':', '@', '$', '#']) {
          index = info.nameToIndex.get(prefix + name);
          if (index !== undefined) break;
        }
      }
      if (index === undefined) throw new HranaError(`The statement has no parameter named ${JSON.stringify(name)}`, 'ARGS_INVALID');
      values[index - 1] = decodeValue(value);
    }
  }
  for (const index of info.usedParams) {
    if (values[index - 1] === undefined) {
      const name = info.paramNames[index - 1] ?? `?${index}`;
      throw new HranaError(`Missing argument for parameter ${index} (${name})`, 'ARGS_INVALID');
    }
  }
  // Slots that are never referenced (gaps left by ?NNN) are bound to NULL, which SQLite ignores.
  return values.map((v) => (v === undefined ? null : v));
}

