// Seeds a benchmark database in bulk with generate_series (INSERT … SELECT, never row by row): one big
// workspace and a second one with a tenth of its data, so every query pays for tenant isolation.
// The GIN search indexes are dropped before the load and rebuilt after it with their own definitions.
import pg from "pg";
import { sha256 } from "../src/server/platform/actor.ts";

export const MAIN = "BenchMain";
export const OTHER = "BenchOther";
export const OWNER = "BenchOwner";
const KEY_ID = "BenchKey";
const SECRET = "BenchSecret0123456789abcdefXYZ";
export const API_KEY = `flm_${MAIN}_${KEY_ID}_${SECRET}`;

export interface Sizes {
  contacts: number;
  companies: number;
  deals: number;
  events: number;
}
export const sizesFor = (contacts: number): Sizes => ({
  contacts,
  companies: Math.round(contacts / 5),
  deals: Math.round(contacts * 0.3),
  events: contacts,
});

const arr = (xs: string[]) => `(array[${xs.map((x) => `'${x}'`).join(",")}])`;
const RU_LAST = arr(
  "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев Кузьмин Фролов Александров Дмитриев Королев Гусев Киселев Ильин Максимов Поляков Сорокин Виноградов Ковалев Белов Медведев Антонов Тарасов".split(
    " ",
  ),
);
const RU_FIRST = arr(
  "Александр Дмитрий Максим Сергей Андрей Алексей Артем Илья Кирилл Михаил Никита Матвей Роман Егор Арсений Иван Денис Евгений Даниил Тимофей Владислав Игорь Владимир Павел Руслан Марк Константин Тимур Олег Ярослав Антон Николай Глеб Данил Савелий Вадим Степан Юрий Богдан Артур Семен Макар Лев Виктор Елисей Виталий Вячеслав Захар Мирон Дамир".split(
    " ",
  ),
);
const EN_LAST = arr(
  "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts".split(
    " ",
  ),
);
const EN_FIRST = arr(
  "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Stephanie".split(
    " ",
  ),
);
const WORDS = arr(
  "Альфа Вектор Гранит Меридиан Северный Технопарк Стройинвест Агропром Энергия Логистик Сибирь Урал Волга Байкал Прогресс Спектр Орион Аврора Дельта Импульс".split(
    " ",
  ),
);

// Pseudo-random but deterministic: 7919 and 104729 are primes, so g*p mod 10^9 is a bijection.
const PHONE = (g: string) => `'+79' || lpad(((${g}::bigint * 7919 + 123457) % 1000000000)::text, 9, '0')`;

function seedSql(ws: string, s: Sizes): string[] {
  const ppl = `(select id from pipelines where workspace_id = '${ws}')`;
  const bigStage = Math.round(s.deals / 30); // pipeline p1, stage 0: the kanban case (10 000 at 1m)
  return [
    `insert into pipelines (workspace_id, id, name, position, is_default)
       select '${ws}', 'p' || i, (array['Воронка продаж','Партнёры','Тендеры'])[i], i - 1, i = 1
         from generate_series(1, 3) i`,
    `insert into stages (workspace_id, id, pipeline_id, name, kind, position)
       select '${ws}', p.id || 's' || k, p.id,
              (array['Первичный контакт','Переговоры','Принимают решение','Согласование договора',
                     'Успешно реализовано','Закрыто и не реализовано'])[k + 1],
              (case k when 4 then 'won' when 5 then 'lost' else 'open' end)::stage_kind, k
         from ${ppl} p, generate_series(0, 5) k`,
    `insert into loss_reasons (workspace_id, id, name) values ('${ws}', 'lr1', 'Дорого')`,
    `insert into contacts (workspace_id, id, first_name, last_name, phones, emails, position, owner_id,
                           created_by, created_at, updated_at)
       select '${ws}', 'c' || g, f, l,
              jsonb_build_array(jsonb_build_object('number', ${PHONE("g")}, 'type', 'mobile')),
              case when g % 10 = 0 then '[]'::jsonb else jsonb_build_array(jsonb_build_object(
                'email', lower(el) || '.' || g || '@' || (array['mail.ru','yandex.ru','gmail.com','bk.ru'])[g % 4 + 1],
                'type', 'work')) end,
              (array['Директор','Менеджер','Бухгалтер','Manager',null])[g % 5 + 1], '${OWNER}', '${OWNER}', t, t
         from (select g, now() - g * interval '31 seconds' as t,
                      ${EN_LAST}[(g / 50) % 50 + 1] as el,
                      case when g % 4 = 0 then ${EN_FIRST}[g % 50 + 1] else ${RU_FIRST}[g % 50 + 1] end as f,
                      case when g % 4 = 0 then ${EN_LAST}[(g / 50) % 50 + 1] else ${RU_LAST}[(g / 50 + g * 7) % 50 + 1] end as l
                 from generate_series(1, ${s.contacts}) g) x`,
    `insert into record_keys (workspace_id, record_type, kind, value, record_id)
       select '${ws}', 'contact'::record_type, 'phone'::record_key_kind, phones->0->>'number', id from contacts where workspace_id = '${ws}'
       union all
       select '${ws}', 'contact'::record_type, 'email'::record_key_kind, emails->0->>'email', id from contacts
        where workspace_id = '${ws}' and emails <> '[]'::jsonb
       on conflict do nothing`,
    `insert into companies (workspace_id, id, name, inn, phones, emails, owner_id, created_by, created_at, updated_at)
       select '${ws}', 'co' || g, 'ООО «' || ${WORDS}[g % 20 + 1] || ' ' || ${WORDS}[(g / 20) % 20 + 1] || ' ' || g || '»',
              lpad(((g::bigint * 104729) % 10000000000)::text, 10, '0'),
              jsonb_build_array(jsonb_build_object('number', ${PHONE("g + 500000000")}, 'type', 'work')),
              jsonb_build_array(jsonb_build_object('email', 'info' || g || '@company.ru', 'type', 'work')),
              '${OWNER}', '${OWNER}', now() - g * interval '97 seconds', now() - g * interval '97 seconds'
         from generate_series(1, ${s.companies}) g`,
    `insert into deals (workspace_id, id, title, amount_minor, currency, pipeline_id, stage_id, status,
                        loss_reason_id, company_id, owner_id, closed_at, position, created_by, created_at, updated_at)
       select '${ws}', 'd' || g, 'Сделка №' || g || ' ' || ${WORDS}[g % 20 + 1],
              ((g::bigint * 104729) % 1000000) * 100, case when g % 20 = 0 then 'USD' else 'RUB' end,
              'p' || p, 'p' || p || 's' || k,
              (case k when 4 then 'won' when 5 then 'lost' else 'open' end)::deal_status,
              case when k = 5 then 'lr1' end, 'co' || (g % ${s.companies} + 1), '${OWNER}',
              case when k >= 4 then now() - g * interval '60 seconds' end, g, '${OWNER}',
              now() - g * interval '60 seconds', now() - g * interval '60 seconds'
         from (select g, case when g <= ${bigStage} then 1 else g % 3 + 1 end as p,
                      case when g <= ${bigStage} then 0 when g % 3 = 0 and (g / 3) % 6 = 0 then 1 else (g / 3) % 6 end as k
                 from generate_series(1, ${s.deals}) g) x`,
    `insert into timeline_events (workspace_id, record_type, record_id, kind, actor_user_id, data, occurred_at, outbox_id)
       select '${ws}', rt::record_type, case when rt = 'deal' then 'd' || (case when g % 100 = 0 then 1 else g % ${s.deals} + 1 end)
                                             else 'c' || (g % ${s.contacts} + 1) end,
              case when rt = 'deal' then 'deal.updated' else 'contact.updated' end, '${OWNER}',
              jsonb_build_object('changes', jsonb_build_object('title', jsonb_build_object('from', 'a', 'to', 'b'))),
              now() - g * interval '17 seconds', g
         from (select g, case when g % 3 = 0 then 'deal' else 'contact' end as rt
                 from generate_series(1, ${s.events}) g) x`,
  ];
}

/** Returns the seeding time in ms. `url` is the bench database. */
export async function seed(url: string, sizes: Sizes): Promise<number> {
  const started = performance.now();
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("set synchronous_commit = off; set maintenance_work_mem = '1GB'");
    return c;
  };
  const [a, b] = [await connect(), await connect()];
  try {
    const owners = [
      [MAIN, OWNER, "bench@example.com"],
      [OTHER, "BenchOther1", "other@example.com"],
    ];
    for (const [ws, user, email] of owners) {
      await a.query(`insert into workspaces (id, name) values ($1, $1)`, [ws]);
      await a.query(`insert into users (id, name, email, email_verified) values ($1, $1, $2, true)`, [
        user,
        email,
      ]);
      await a.query(`insert into members (workspace_id, user_id, role) values ($1, $2, 'owner')`, [ws, user]);
    }
    await a.query(
      `insert into api_keys (workspace_id, id, name, role, secret_hash, created_by) values ($1, $2, 'bench', 'owner', $3, $4)`,
      [MAIN, KEY_ID, sha256(SECRET), OWNER],
    );
    const { rows: indexes } = await a.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public'
        and tablename in ('contacts', 'companies', 'deals') and indexname ~ '_search_(text|vector)_idx$'`,
    );
    for (const ix of indexes) await a.query(`drop index "${ix.indexname}"`);
    const other = sizesFor(Math.round(sizes.contacts / 10));
    const steps = [...seedSql(MAIN, sizes), ...seedSql(OTHER, other)];
    // Two connections, two cores: contacts and their keys on one, the rest on the other.
    const contactish = (q: string) => /insert into (contacts|record_keys)/.test(q);
    const first = steps.filter((q) => !contactish(q) && /pipelines|stages|loss_reasons/.test(q));
    for (const q of first) await a.query(q);
    const rest = steps.filter((q) => !first.includes(q));
    await Promise.all([
      (async () => {
        for (const q of rest.filter(contactish)) await a.query(q);
      })(),
      (async () => {
        for (const q of rest.filter((q) => !contactish(q))) await b.query(q);
      })(),
    ]);
    // Biggest tables first, so the two connections finish at about the same time.
    const order = ["contacts", "companies", "deals"];
    const rank = (name: string) => order.findIndex((t) => name.startsWith(t));
    const queue = [...indexes].sort((x, y) => rank(x.indexname) - rank(y.indexname));
    const worker = async (c: pg.Client) => {
      for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.indexdef);
    };
    await Promise.all([worker(a), worker(b)]);
    // What autovacuum does soon after a bulk load in production: statistics, and the visibility map that
    // lets index-only scans (kanban totals) skip the heap.
    await a.query("vacuum analyze");
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
  return performance.now() - started;
}
